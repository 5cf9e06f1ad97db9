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
        String jobs = TestRun.ownJobsQueue("shutdown");
        // What is tested is the drain, not the default 20 s it may take: on a machine shared with
        // other builds, the blur below at nice 10 took longer than that.
        ConfigurableApplicationContext app = start("shutdown", "120s");
        String port = app.getEnvironment().getProperty("local.server.port");
        Api api = api(app);

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

        String url = app.getEnvironment().getRequiredProperty("spring.flyway.url");
        app.close();

        assertThat(closed.get(10, TimeUnit.SECONDS)).as("the WebSocket's close code").isEqualTo(1001);
        assertThat(storedStatus(url, job)).as("the job's status; its row: %s", storedRow(url, job)).isEqualTo("succeeded");
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
        String jobs = TestRun.ownJobsQueue("cut-short");
        ConfigurableApplicationContext app = start("cut-short", "1s");
        String url = app.getEnvironment().getRequiredProperty("spring.flyway.url");
        Api api = api(app);

        UUID image = api.uploadId("too-slow.jpg", TestImages.generated(6000, 4000, "jpg"));
        UUID job = api.submitId(image, "filter", Map.of("name", "MedianFilter", "size", 9));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> api.job(job).get("status").asString().equals("running"));

        app.close();

        // Still running, or finished while the rest of the instance was closing: never failed for
        // having been interrupted, which the next worker would have to undo.
        assertThat(storedStatus(url, job))
                .as("the job, when the instance had stopped (a 24 MP median of 9 against a 1 s drain)")
                .isIn("running", "succeeded");
        try (Connection broker = new ConnectionFactory().newConnection(); Channel channel = broker.createChannel()) {
            var back = channel.basicGet(jobs, false);
            assertThat(back).as("the job's message, back on its queue for another worker").isNotNull();
            assertThat(new String(back.getBody(), java.nio.charset.StandardCharsets.UTF_8)).contains(job.toString());
            assertThat(channel.queueDeclarePassive(jobs + ".dead-letters").getMessageCount()).as("dead letters").isZero();
        }
        assertThat(output.getAll()).contains("Stopped with work still in hand (jobs: 1)");
        // Left running, the job would be put back in line by the next test's instance (its sweeper
        // shares this database) when its lease ran out, and run there beside that test's own job.
        try (var db = java.sql.DriverManager.getConnection(url, "postgres", null);
             var cancel = db.prepareStatement("UPDATE jobs SET status = 'cancelled', finished_at = now() WHERE id = ?")) {
            cancel.setObject(1, job);
            cancel.executeUpdate();
        }
    }

    /** An instance of its own queues and exchanges, whose shutdown phases may take {@code phase} each. */
    private static ConfigurableApplicationContext start(String name, String phase) {
        List<String> args = new java.util.ArrayList<>(TestRun.ownBroker(name));
        args.add("--server.port=0");
        args.add("--spring.lifecycle.timeout-per-shutdown-phase=" + phase);
        return new SpringApplicationBuilder(DarkroomApplication.class).profiles("test").run(args.toArray(String[]::new));
    }

    private static Api api(ConfigurableApplicationContext app) {
        return new Api(WebTestClient.bindToServer().baseUrl("http://localhost:" + app.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(60)).build());
    }

    /** The job's status, read from the database itself: the instance that ran the job is closed. */
    private static String storedStatus(String url, UUID job) throws java.sql.SQLException {
        return stored(url, job, "status");
    }

    /** The job's whole row as text, for a failure to say where the job was left. */
    private static String storedRow(String url, UUID job) throws java.sql.SQLException {
        return stored(url, job, "to_jsonb(jobs)::text");
    }

    private static String stored(String url, UUID job, String column) throws java.sql.SQLException {
        try (var db = java.sql.DriverManager.getConnection(url, "postgres", null);
             var query = db.prepareStatement("SELECT " + column + " FROM jobs WHERE id = ?")) {
            query.setObject(1, job);
            try (var rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : "missing";
            }
        }
    }
}
