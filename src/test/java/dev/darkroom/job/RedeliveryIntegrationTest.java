package dev.darkroom.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.support.Api;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.TestImages;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class RedeliveryIntegrationTest {

    @Autowired
    WebTestClient client;

    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("jobQueue")
    dev.darkroom.messaging.WorkQueue queue;

    @Autowired
    MeterRegistry metrics;

    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("workQueues")
    org.springframework.context.SmartLifecycle consumer;

    @Test
    void aWorkerStoppedAndStartedAgainConsumesAgain() throws Exception {
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        consumer.stop(stopped::countDown);
        assertThat(stopped.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(consumer.isRunning()).isFalse();

        consumer.start();

        Api api = new Api(client);
        UUID job = api.submitId(api.uploadId("again.png", TestImages.generated(16, 16, "png")), "grayscale", Map.of());
        assertThat(api.awaitJob(job).get("status").asString()).isEqualTo("succeeded");
    }

    @Test
    void aMessageForAFinishedJobIsAcknowledgedAndSkipped() {
        Api api = new Api(client);
        UUID job = api.submitId(api.uploadId("once.png", TestImages.generated(32, 32, "png")), "grayscale", Map.of());
        JsonNode finished = api.awaitJob(job);
        assertThat(finished.get("status").asString()).isEqualTo("succeeded");
        double skippedBefore = metrics.counter("darkroom.jobs.skipped").count();

        queue.publish(List.of(job)).block(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(metrics.counter("darkroom.jobs.skipped").count()).isGreaterThan(skippedBefore));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(queue.depth().block()).as("the message was acknowledged, not left queued").isZero());
        JsonNode after = api.job(job);
        assertThat(after.get("status").asString()).isEqualTo("succeeded");
        assertThat(after.get("startedAt").asString()).as("not run again").isEqualTo(finished.get("startedAt").asString());
        assertThat(after.get("finishedAt").asString()).isEqualTo(finished.get("finishedAt").asString());
    }
}
