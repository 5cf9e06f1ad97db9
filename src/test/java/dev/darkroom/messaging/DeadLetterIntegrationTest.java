package dev.darkroom.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.support.Api;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.TestImages;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A message whose workers all die holding it (an image that kills the process, say) is given up
 * by the broker after the delivery limit, its job fails saying so, and the queue behind it goes on.
 */
@IntegrationTest
class DeadLetterIntegrationTest {

    @Autowired
    WebTestClient client;

    @Autowired
    @Qualifier("workQueues")
    SmartLifecycle consumers;

    @Autowired
    @Qualifier("jobQueue")
    WorkQueue jobs;

    @Autowired
    MessagingProperties messaging;

    @Test
    void aMessageWhoseWorkersKeepDyingIsDeadLetteredAndItsJobFailsWhileTheJobsBehindItRun() throws Exception {
        Api api = new Api(client);
        UUID image = api.uploadId("poison.png", TestImages.generated(48, 32, "png"));
        CountDownLatch stopped = new CountDownLatch(1);
        consumers.stop(stopped::countDown);
        assertThat(stopped.await(30, TimeUnit.SECONDS)).isTrue();
        try {
            UUID poison = api.submitId(image, "grayscale", Map.of());
            await().atMost(Duration.ofSeconds(20)).until(() -> jobs.depth().block() == 1);

            int deliveries = messaging.deliveryLimit() + 1;
            try (Connection connection = new ConnectionFactory().newConnection("darkroom-test-dying-worker")) {
                for (int i = 0; i < deliveries; i++) {
                    Channel channel = connection.createChannel();
                    channel.basicQos(1);
                    CompletableFuture<byte[]> taken = new CompletableFuture<>();
                    channel.basicConsume(jobs.name(), false, (tag, delivery) -> taken.complete(delivery.getBody()), tag -> { });
                    assertThat(new String(taken.get(10, TimeUnit.SECONDS))).contains(poison.toString());
                    // The worker dies holding it: its channel goes without an acknowledgement.
                    channel.close();
                }
            }
            await("dead-lettered, not waiting in the work queue").atMost(Duration.ofSeconds(10))
                    .until(() -> jobs.depth().block() == 0);
            UUID behind = api.submitId(image, "grayscale", Map.of());

            consumers.start();

            JsonNode failed = api.awaitJob(poison);
            assertThat(failed.get("status").asString()).isEqualTo("failed");
            assertThat(failed.get("error").asString()).isEqualTo("gave up after " + deliveries + " attempts: each worker "
                    + "that took it stopped before it was done (it may have run out of memory or been killed)");
            assertThat(api.awaitJob(behind).get("status").asString()).isEqualTo("succeeded");
        } finally {
            consumers.start();
        }
    }
}
