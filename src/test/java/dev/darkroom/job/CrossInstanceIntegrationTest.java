package dev.darkroom.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.DarkroomApplication;
import dev.darkroom.support.Api;
import dev.darkroom.support.TestImages;
import dev.darkroom.support.TestRun;
import tools.jackson.databind.JsonNode;

/**
 * Two instances in one JVM, sharing only PostgreSQL, RabbitMQ and object storage: an API-only
 * instance A and a worker-only instance B. A client of A sees the job that B runs, live, which can
 * only happen through the progress exchange: A runs no jobs, and its followers are told not to
 * re-read the database during the test.
 */
class CrossInstanceIntegrationTest {

    static ConfigurableApplicationContext api;
    static ConfigurableApplicationContext worker;

    @BeforeAll
    static void startTwoInstances() throws IOException {
        int s3Port = freePort();
        // Command-line arguments, because they win over application.yaml as they would in production.
        List<String> shared = List.of(
                "--darkroom.jobs.queue=" + TestRun.queue("darkroom.test.cross.jobs"),
                "--darkroom.progress.exchange=" + TestRun.exchange("darkroom.test.cross.progress"),
                "--darkroom.progress.recheck=1h",
                "--server.port=0");
        api = start(shared, "--darkroom.role=api", "--darkroom.storage.embedded.port=" + s3Port);
        worker = start(shared, "--darkroom.role=worker", "--darkroom.storage.endpoint=http://127.0.0.1:" + s3Port);
    }

    private static ConfigurableApplicationContext start(List<String> shared, String... own) {
        List<String> args = new java.util.ArrayList<>(shared);
        args.addAll(List.of(own));
        return new SpringApplicationBuilder(DarkroomApplication.class).profiles("test").run(args.toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        if (api != null) {
            api.close();
        }
    }

    static WebTestClient client(ConfigurableApplicationContext context) {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(60))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
                .build();
    }

    @Test
    void aClientOfOneInstanceFollowsAJobThatAnotherInstanceRuns() {
        Api viaApi = new Api(client(api));
        UUID image = viaApi.uploadId("cross.png", TestImages.generated(2000, 1500, "jpg"));
        UUID job = viaApi.submitId(image, "grayscale", Map.of());

        List<ServerSentEvent<JsonNode>> events = viaApi.events(job);

        // The first event is the stored state; with rechecks off, every later one came over the exchange.
        assertThat(events.getFirst().data().get("status").asString()).isIn("queued", "running");
        assertThat(events.getLast().event()).isEqualTo("succeeded");
        assertThat(events.stream().filter(e -> "running".equals(e.event())).count())
                .as("running events relayed from the worker instance").isGreaterThanOrEqualTo(2);
        assertThat(viaApi.result(job)).isNotEmpty();
    }

    @Test
    void aWorkerOnlyInstanceServesHealthButNotTheApi() {
        WebTestClient workerClient = client(worker);
        workerClient.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        workerClient.get().uri("/api/images").exchange()
                .expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.type").isEqualTo("/problems/not-served-here");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
