package dev.darkroom.messaging;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import dev.darkroom.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * RabbitMQ 4.3 refuses non-durable non-exclusive queues; an instance declaring one would not
 * start on it. Every queue Darkroom declares must be one the current broker accepts.
 */
@IntegrationTest
class QueueDeclarationsIntegrationTest {

    @Autowired
    Topology topology;

    @Autowired
    MessagingProperties messaging;

    @Test
    void everyQueueDeclaredIsDurableOrExclusiveAndWorkQueuesAreQuorumQueuesThatDeadLetter() {
        await().atMost(Duration.ofSeconds(30)).until(() -> topology.declared().stream()
                .filter(d -> d.exclusive()).count() >= 2 && topology.declared().size() >= 8);

        assertThat(topology.declared()).allSatisfy(queue ->
                assertThat(queue.durable() || queue.exclusive()).as(queue.queue()).isTrue());
        assertThat(topology.declared())
                .filteredOn(queue -> queue.durable() && !queue.queue().endsWith(".dead-letters"))
                .extracting(Topology.Declared::queue)
                .anySatisfy(name -> assertThat(name).contains("jobs"))
                .anySatisfy(name -> assertThat(name).contains("photo-processor"))
                .anySatisfy(name -> assertThat(name).contains("batches"));
        assertThat(topology.declared())
                .filteredOn(queue -> queue.durable() && !queue.queue().endsWith(".dead-letters"))
                .allSatisfy(queue -> {
                    assertThat(queue.arguments()).containsEntry("x-queue-type", "quorum")
                            .containsEntry("x-delivery-limit", messaging.deliveryLimit())
                            .containsEntry("x-dead-letter-exchange", messaging.deadLetterExchange());
                    assertThat(topology.declared()).extracting(Topology.Declared::queue)
                            .contains(Topology.deadLetterQueue(queue.queue()));
                });
    }
}
