package dev.darkroom.job;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.DarkroomApplication;
import dev.darkroom.support.Api;
import dev.darkroom.support.TestImages;
import dev.darkroom.support.TestRun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A graceful stop: the browsers' WebSockets are told 1001 (going away) so they reconnect at once,
 * the job in hand finishes and its message is acknowledged before the channel closes, so nothing
 * is redelivered and nothing is dead-lettered.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownIntegrationTest {

    @Test
    void aStoppingInstanceClosesSocketsWith1001AndAcknowledgesTheJobItFinished(CapturedOutput output) throws Exception {
        String jobs = TestRun.queue("darkroom.test.shutdown.jobs");
        ConfigurableApplicationContext app = new SpringApplicationBuilder(DarkroomApplication.class).profiles("test").run(
                "--server.port=0",
                "--darkroom.jobs.queue=" + jobs,
                "--darkroom.photos.queue=" + TestRun.queue("darkroom.test.shutdown.photos"),
                "--darkroom.import.queue=" + TestRun.queue("darkroom.test.shutdown.photo-downloads"),
                "--darkroom.batches.queue=" + TestRun.queue("darkroom.test.shutdown.batches"),
                "--darkroom.progress.exchange=" + TestRun.exchange("darkroom.test.shutdown.progress"),
                "--darkroom.gallery.exchange=" + TestRun.exchange("darkroom.test.shutdown.gallery"),
                // What is tested is the drain, not the default 20 s it may take: on a machine shared
                // with other builds, the blur below at nice 10 took longer than that.
                "--spring.lifecycle.timeout-per-shutdown-phase=120s");
        String port = app.getEnvironment().getProperty("local.server.port");
        String url = app.getEnvironment().getRequiredProperty("spring.flyway.url");
        Api api = new Api(WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(60)).build());

        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + port + "/ws/jobs"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"subscribe\",\"all\":true}", true).get(5, TimeUnit.SECONDS);

        UUID image = api.uploadId("in-hand.jpg", TestImages.generated(2400, 1600, "jpg"));
        UUID job = api.submitId(image, "filter", Map.of("name", "GaussianBlur", "radius", 30));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> api.job(job).get("status").asString().equals("running"));

        app.close();

        assertThat(closed.get(10, TimeUnit.SECONDS)).as("the WebSocket's close code").isEqualTo(1001);
        try (var db = java.sql.DriverManager.getConnection(url, "postgres", null);
             var query = db.prepareStatement("SELECT status FROM jobs WHERE id = ?")) {
            query.setObject(1, job);
            try (var rows = query.executeQuery()) {
                assertThat(rows.next() ? rows.getString(1) : "missing").isEqualTo("succeeded");
            }
        }
        try (Connection broker = new ConnectionFactory().newConnection(); Channel channel = broker.createChannel()) {
            var left = channel.basicGet(jobs, false);
            assertThat(left).as("acknowledged, not left to redeliver: "
                    + (left == null ? "" : new String(left.getBody()) + " " + left.getEnvelope() + " " + left.getProps()))
                    .isNull();
            assertThat(channel.queueDeclarePassive(jobs + ".dead-letters").getMessageCount()).isZero();
        }
        assertThat(output.getAll()).doesNotContain("Could not acknowledge").doesNotContain("Not retryable");
    }

    /**
     * A drain that runs out of time loses nothing: the job in hand is not failed, its message goes
     * back to the queue for another worker (which finishes it, or acknowledges it if it finished
     * meanwhile), not to the dead letters, and the log says which work was cut short.
     */
    @Test
    void aStopThatRunsOutOfTimeLeavesTheJobInHandToAnotherWorker(CapturedOutput output) throws Exception {
        String jobs = TestRun.queue("darkroom.test.cut-short.jobs");
        ConfigurableApplicationContext app = new SpringApplicationBuilder(DarkroomApplication.class).profiles("test").run(
                "--server.port=0",
                "--darkroom.jobs.queue=" + jobs,
                "--darkroom.photos.queue=" + TestRun.queue("darkroom.test.cut-short.photos"),
                "--darkroom.import.queue=" + TestRun.queue("darkroom.test.cut-short.photo-downloads"),
                "--darkroom.batches.queue=" + TestRun.queue("darkroom.test.cut-short.batches"),
                "--darkroom.progress.exchange=" + TestRun.exchange("darkroom.test.cut-short.progress"),
                "--darkroom.gallery.exchange=" + TestRun.exchange("darkroom.test.cut-short.gallery"),
                "--spring.lifecycle.timeout-per-shutdown-phase=1s");
        String port = app.getEnvironment().getProperty("local.server.port");
        String url = app.getEnvironment().getRequiredProperty("spring.flyway.url");
        Api api = new Api(WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(60)).build());

        UUID image = api.uploadId("too-slow.jpg", TestImages.generated(6000, 4000, "jpg"));
        UUID job = api.submitId(image, "filter", Map.of("name", "MedianFilter", "size", 9));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> api.job(job).get("status").asString().equals("running"));

        app.close();

        try (var db = java.sql.DriverManager.getConnection(url, "postgres", null);
             var query = db.prepareStatement("SELECT status FROM jobs WHERE id = ?")) {
            query.setObject(1, job);
            try (var rows = query.executeQuery()) {
                // Still running, or finished while the rest of the instance was closing: never
                // failed for having been interrupted, which the next worker would have to undo.
                assertThat(rows.next() ? rows.getString(1) : "missing")
                        .as("the job, when the instance had stopped (a 24 MP median of 9 against a 1 s drain)")
                        .isIn("running", "succeeded");
            }
        }
        try (Connection broker = new ConnectionFactory().newConnection(); Channel channel = broker.createChannel()) {
            var back = channel.basicGet(jobs, false);
            assertThat(back).as("the job's message, back on its queue for another worker").isNotNull();
            assertThat(new String(back.getBody(), java.nio.charset.StandardCharsets.UTF_8)).contains(job.toString());
            assertThat(channel.queueDeclarePassive(jobs + ".dead-letters").getMessageCount()).as("dead letters").isZero();
        }
        assertThat(output.getAll()).contains("Stopped with work still in hand (jobs: 1)");
    }
}
