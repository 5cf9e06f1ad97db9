package dev.darkroom.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.DarkroomApplication;
import dev.darkroom.support.Api;
import dev.darkroom.support.S3Server;
import dev.darkroom.support.TcpProxy;
import dev.darkroom.support.TestImages;
import dev.darkroom.support.TestRun;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Darkroom with each of its dependencies behind a TCP proxy, so that the test can take them
 * away and give them back as a restart, a crash or a hang would: the instance starts without
 * them, accepts work while the broker is down, answers 503 naming what is missing, keeps live
 * streams open through a blip, and recovers by itself when they return.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DependencyOutageIntegrationTest {

    static TcpProxy broker;
    static TcpProxy database;
    static TcpProxy storage;
    static S3Server s3;
    static ConfigurableApplicationContext app;
    static WebTestClient client;
    static Api api;

    @BeforeAll
    static void startWithEveryDependencyDown() throws Exception {
        s3 = new S3Server();
        broker = new TcpProxy("127.0.0.1", 5672);
        database = new TcpProxy("127.0.0.1", 5432);
        storage = new TcpProxy("127.0.0.1", s3.port());
        broker.refuse(true);
        database.refuse(true);
        storage.refuse(true);
        String db = "darkroom_" + TestRun.ID.replaceAll("[^a-z0-9]", "") + "_outage_test";
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--darkroom.rabbitmq.uri=amqp://guest:guest@127.0.0.1:" + broker.port() + "/%2F",
                "--darkroom.rabbitmq.heartbeat=2s",
                "--darkroom.rabbitmq.connect-timeout=2s",
                "--spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:" + database.port() + "/" + db,
                "--spring.flyway.url=jdbc:postgresql://127.0.0.1:" + database.port() + "/" + db,
                "--spring.r2dbc.properties.connectTimeout=PT2S",
                "--spring.r2dbc.pool.max-acquire-time=3s",
                "--darkroom.database.reset-on-start=true",
                "--darkroom.storage.endpoint=http://127.0.0.1:" + storage.port(),
                "--darkroom.storage.timeouts.connect=2s",
                "--darkroom.storage.timeouts.read=3s",
                "--darkroom.storage.timeouts.write=3s",
                "--darkroom.messaging.reconnect-max=1s",
                "--darkroom.messaging.retry-max=1s",
                // Small enough that the largest image allowed can never fit; any colours job is past
                // its deadline before it starts.
                "--darkroom.conversion.memory-budget=300MB",
                "--darkroom.jobs.deadlines.colors=1ms"));
        args.addAll(TestRun.ownBroker("outage"));
        long started = System.nanoTime();
        app = new SpringApplicationBuilder(DarkroomApplication.class).profiles("test").run(args.toArray(String[]::new));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("startup did not wait for the dependencies")
                .isLessThan(Duration.ofMinutes(3));
        client = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + app.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(60))
                .build();
        api = new Api(client);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        for (AutoCloseable closeable : new AutoCloseable[] {broker, database, storage, s3}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @AfterEach
    void giveEverythingBack() {
        broker.restore();
        database.restore();
        storage.restore();
    }

    private static JsonNode readiness() {
        return client.get().uri("/actuator/health/readiness").exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static void awaitReady() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> "UP".equals(readiness().path("status").asString()));
    }

    @Test
    @Order(1)
    void startsWithoutItsDependenciesAndIsReadyOnceTheyAreBack() {
        JsonNode down = readiness();
        assertThat(down.path("status").asString()).isEqualTo("DOWN");

        client.get().uri("/api/images").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("Retry-After", "5")
                .expectBody()
                .jsonPath("$.type").isEqualTo("/problems/dependency-unavailable")
                .jsonPath("$.dependency").isEqualTo("database");

        broker.restore();
        database.restore();
        storage.restore();
        awaitReady();
        client.get().uri("/api/images").exchange().expectStatus().isOk();
    }

    @Test
    @Order(2)
    void acceptsUploadsAndJobsWhileTheBrokerIsDownAndRunsThemWhenItReturns() {
        awaitReady();
        broker.refuse(true);
        await().atMost(Duration.ofSeconds(30)).until(() -> "DOWN".equals(readiness().path("status").asString()));
        assertThat(readiness().at("/components/messaging/status").asString()).isEqualTo("DOWN");

        UUID image = api.uploadId("while-down.png", TestImages.generated(64, 48, "png"));
        UUID job = api.submitId(image, "grayscale", Map.of());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> api.job(job).get("status").asString().equals("queued"));

        broker.restore();
        assertThat(api.awaitJob(job).get("status").asString()).isEqualTo("succeeded");
        await().atMost(Duration.ofSeconds(30)).until(() -> client.get().uri("/api/images/{id}", image).exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("status").asString().equals("completed"));
        awaitReady();
    }

    @Test
    @Order(3)
    void liveProgressComesBackAfterTheBrokerRestarts() {
        awaitReady();
        broker.cut();
        awaitReady();

        UUID image = api.uploadId("after-restart.jpg", TestImages.generated(2000, 1500, "jpg"));
        UUID job = api.submitId(image, "filter", Map.of("name", "GaussianBlur", "radius", 12));
        List<ServerSentEvent<JsonNode>> events = api.events(job);

        assertThat(events.getLast().event()).isEqualTo("succeeded");
        assertThat(events).as("progress between the first and the last event, live through the new connection")
                .anySatisfy(event -> assertThat(event.data().get("progress").asInt()).isBetween(1, 99));
    }

    @Test
    @Order(4)
    void answers503NamingTheDatabaseAndKeepsEventStreamsOpenThroughABlip() {
        awaitReady();
        UUID image = api.uploadId("blip.jpg", TestImages.generated(2400, 1600, "jpg"));
        UUID job = api.submitId(image, "filter", Map.of("name", "MedianFilter", "size", 9));
        var stream = client.get().uri("/api/jobs/{id}/events", job).accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() { })
                .getResponseBody()
                .filter(event -> event.data() != null)
                .collectList()
                .toFuture();

        database.refuse(true);
        client.get().uri("/api/jobs/{id}", job).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.dependency").isEqualTo("database");
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
        assertThat(stream).as("the stream stays open while the database is away").isNotDone();
        database.restore();

        List<ServerSentEvent<JsonNode>> events = stream.join();
        assertThat(events.getLast().event()).isEqualTo("succeeded");
        assertThat(api.job(job).get("status").asString()).isEqualTo("succeeded");
    }

    @Test
    @Order(5)
    void aFrozenObjectStoreFailsAnUploadWithin503AndAStoredFileWithoutItsRowIsRemoved() throws Exception {
        awaitReady();
        storage.freeze();
        long started = System.nanoTime();
        client.post().uri("/api/images").contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(TestImages.files("frozen.png", TestImages.generated(32, 32, "png")))
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.dependency").isEqualTo("object storage");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bounded by the store's timeouts")
                .isLessThan(Duration.ofSeconds(20));
        storage.restore();
        // The store, thawed, may still write what the upload gave up on.
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);

        long before = s3.objectsUnder("originals");
        database.refuse(true);
        client.post().uri("/api/images").contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(TestImages.files("no-row.png", TestImages.generated(32, 32, "png")))
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.dependency").isEqualTo("database");
        assertThat(s3.objectsUnder("originals")).as("the bytes stored before the row failed are gone").isEqualTo(before);
        database.restore();
        awaitReady();

        dev.darkroom.upload.Orphans.sweepNow(app);
        long rows = client.get().uri("/api/images?limit=100").exchange().expectBody(JsonNode.class).returnResult()
                .getResponseBody().get("images").size();
        assertThat(s3.objectsUnder("originals")).as("and the sweeper leaves no original without its image").isEqualTo(rows);
    }

    @Test
    @Order(6)
    void anImageThatCanNeverFitTheMemoryBudgetFailsAtOnceAndTheJobsBehindItRun() {
        awaitReady();
        UUID huge = api.uploadId("huge.png", TestImages.flatRgbaPng(10950, 10950));
        UUID small = api.uploadId("small.png", TestImages.generated(64, 64, "png"));
        UUID poison = api.submitId(huge, "grayscale", Map.of());
        UUID behind = api.submitId(small, "grayscale", Map.of());

        JsonNode failed = api.awaitJob(poison);
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("error").asString()).isEqualTo("the 10950x10950 PNG needs about 1.3 GB of memory, more "
                + "than the 300 MB this worker may use for images; scale the image down, or give the worker a larger "
                + "heap (darkroom.conversion.memory-budget, -Xmx)");
        assertThat(api.awaitJob(behind).get("status").asString()).isEqualTo("succeeded");
    }

    @Test
    @Order(7)
    void aJobPastItsDeadlineFailsSayingSo() {
        awaitReady();
        UUID image = api.uploadId("late.png", TestImages.generated(64, 64, "png"));
        JsonNode job = api.awaitJob(api.submitId(image, "colors", Map.of()));
        assertThat(job.get("status").asString()).isEqualTo("failed");
        assertThat(job.get("error").asString()).isEqualTo("the colors job took longer than its limit of 1 ms");
    }

    @Test
    @Order(8)
    void aCancelledQueuedJobNeverRunsAndACancelledRunningJobStops() {
        awaitReady();
        UUID image = api.uploadId("cancel.jpg", TestImages.generated(2400, 1600, "jpg"));
        broker.refuse(true);
        UUID waiting = api.submitId(image, "grayscale", Map.of());
        client.post().uri("/api/jobs/{id}/cancel", waiting).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("cancelled");
        broker.restore();

        UUID running = api.submitId(image, "filter", Map.of("name", "MedianFilter", "size", 25));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> api.job(running).get("status").asString().equals("running"));
        var stream = client.get().uri("/api/jobs/{id}/events", running).accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() { })
                .getResponseBody().filter(event -> event.data() != null).collectList().toFuture();
        client.post().uri("/api/jobs/{id}/cancel", running).exchange().expectStatus().isOk();

        assertThat(stream.join().getLast().event()).isEqualTo("cancelled");
        client.post().uri("/api/jobs/{id}/cancel", running).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("/problems/job-not-cancellable");
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
        assertThat(api.job(waiting).get("status").asString()).isEqualTo("cancelled");
        assertThat(api.job(waiting).get("startedAt").isNull()).as("the cancelled queued job never started").isTrue();
        assertThat(api.job(running).get("status").asString()).as("the stopped job is not finished later").isEqualTo("cancelled");
    }
}
