package dev.darkroom.work;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.messaging.WorkQueue;
import dev.darkroom.support.Api;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.TestImages;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Work that nothing is doing, found and set going again. */
@IntegrationTest
class SweeperIntegrationTest {

    @Autowired
    WebTestClient client;

    @Autowired
    @Qualifier("workQueues")
    SmartLifecycle consumers;

    @Autowired
    @Qualifier("jobQueue")
    WorkQueue jobs;

    @Autowired
    Sweeper sweeper;

    @Autowired
    DatabaseClient db;

    Api api;
    UUID image;

    @BeforeEach
    void workersStopped() throws Exception {
        api = new Api(client);
        image = api.uploadId("swept.png", TestImages.generated(40, 30, "png"));
        CountDownLatch stopped = new CountDownLatch(1);
        consumers.stop(stopped::countDown);
        assertThat(stopped.await(30, TimeUnit.SECONDS)).isTrue();
    }

    /** Leaves the queue empty, so the next test's count of messages is its own. */
    @AfterEach
    void workersBack() {
        consumers.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> jobs.depth().block() == 0);
    }

    /** Takes the job's message off the queue for good, as a broker that lost it would. */
    private void loseTheMessage(UUID job) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> jobs.depth().block() == 1);
        try (Connection connection = new ConnectionFactory().newConnection("darkroom-test-message-thief");
             Channel channel = connection.createChannel()) {
            CompletableFuture<byte[]> taken = new CompletableFuture<>();
            channel.basicConsume(jobs.name(), true, (tag, delivery) -> taken.complete(delivery.getBody()), tag -> { });
            assertThat(new String(taken.get(10, TimeUnit.SECONDS))).contains(job.toString());
        }
    }

    @Test
    void aJobWhoseWorkerVanishedShowsAsStalledIsQueuedAgainAndRuns() throws Exception {
        UUID job = api.submitId(image, "grayscale", Map.of());
        loseTheMessage(job);
        db.sql("UPDATE jobs SET status = 'running', attempts = 1, progress = 85, stage = 'encoding the result', "
                        + "started_at = now() - interval '2 minutes', lease_until = now() - interval '1 minute' WHERE id = :id")
                .bind("id", job).then().block();
        JsonNode stalled = api.job(job);
        assertThat(stalled.get("status").asString()).isEqualTo("running");
        assertThat(stalled.get("stalled").asBoolean()).isTrue();

        sweeper.sweepAll().block(Duration.ofSeconds(20));

        assertThat(api.job(job).get("status").asString()).isEqualTo("queued");
        // No new message yet (a dead worker's message is redelivered by the broker); this one's was
        // lost as well, so once it has waited past republish-after it gets a new one.
        assertThat(jobs.depth().block()).isZero();
        db.sql("UPDATE jobs SET queued_at = now() - interval '10 minutes' WHERE id = :id").bind("id", job).then().block();
        sweeper.sweepAll().block(Duration.ofSeconds(20));
        consumers.start();
        JsonNode done = api.awaitJob(job);
        assertThat(done.get("status").asString()).isEqualTo("succeeded");
        assertThat(done.get("attempts").asInt()).isEqualTo(2);
        assertThat(done.get("stalled").asBoolean()).isFalse();
    }

    @Test
    void aJobWhoseWorkersKeepVanishingFailsSayingWhatItWasDoing() throws Exception {
        UUID job = api.submitId(image, "grayscale", Map.of());
        loseTheMessage(job);
        db.sql("UPDATE jobs SET status = 'running', attempts = 5, stage = 'decoding the 40x30 PNG', "
                        + "lease_until = now() - interval '1 minute' WHERE id = :id")
                .bind("id", job).then().block();

        sweeper.sweepAll().block(Duration.ofSeconds(20));

        JsonNode failed = api.job(job);
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("error").asString()).isEqualTo("gave up after 5 attempts: the worker stopped while "
                + "decoding the 40x30 PNG (it may have run out of memory or been killed)");
        assertThat(failed.get("retryable").asBoolean()).isTrue();
    }

    @Test
    void aWaitingJobWhoseMessageWasLostGetsANewOne() throws Exception {
        UUID job = api.submitId(image, "grayscale", Map.of());
        loseTheMessage(job);
        db.sql("UPDATE jobs SET queued_at = now() - interval '10 minutes' WHERE id = :id").bind("id", job).then().block();

        sweeper.sweepAll().block(Duration.ofSeconds(20));

        await().atMost(Duration.ofSeconds(20)).until(() -> jobs.depth().block() == 1);
        consumers.start();
        assertThat(api.awaitJob(job).get("status").asString()).isEqualTo("succeeded");
    }

    @Test
    void aWaitingJobWhoseMessageIsInTheQueueIsLeftAlone() throws Exception {
        UUID job = api.submitId(image, "grayscale", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> jobs.depth().block() == 1);
        db.sql("UPDATE jobs SET queued_at = now() - interval '10 minutes' WHERE id = :id").bind("id", job).then().block();

        sweeper.sweepAll().block(Duration.ofSeconds(20));

        assertThat(jobs.depth().block()).as("no duplicate for a message that is there").isEqualTo(1);
    }
}
