package dev.darkroom.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.DarkroomApplication;
import dev.darkroom.support.Api;
import dev.darkroom.support.TestImages;
import dev.darkroom.support.TestRun;
import dev.darkroom.system.InstanceProperties;
import tools.jackson.databind.JsonNode;

/**
 * The api and worker services of compose.yaml, started in this JVM with exactly the environment
 * Compose gives them (read from compose.yaml and .env.example, names and values alike), except
 * that what points at another container points at this machine instead: its PostgreSQL and
 * RabbitMQ, and an S3Proxy holding MinIO's credentials in place of MinIO. An upload on the api
 * gets its thumbnail from the worker, which only works if every variable binds as intended.
 */
class ComposeStackIntegrationTest {

    /** The variables that name another container, and so are replaced by this machine's. */
    private static final List<String> ENDPOINTS = List.of("SPRING_R2DBC_URL", "SPRING_FLYWAY_URL",
            "SPRING_R2DBC_USERNAME", "SPRING_R2DBC_PASSWORD", "DARKROOM_RABBITMQ_URI", "DARKROOM_STORAGE_ENDPOINT");

    static S3Proxy minio;
    /** The admin key .env.example sets; the api makes it at its start. */
    static String adminKey;
    static ConfigurableApplicationContext api;
    static ConfigurableApplicationContext worker;

    @BeforeAll
    static void startTheStack() throws Exception {
        Map<String, String> variables = ComposeFile.envExample();
        ComposeFile compose = ComposeFile.read(variables);
        minio = startS3(variables.get("MINIO_ROOT_USER"), variables.get("MINIO_ROOT_PASSWORD"));
        adminKey = variables.get("DARKROOM_ADMIN_KEY");
        // Only the broker's queue and exchange names and the HTTP port are added, as every test
        // that starts its own instances does, so that this run meets no other run's messages.
        List<String> isolation = new java.util.ArrayList<>(TestRun.ownBroker("compose"));
        isolation.add("--server.port=0");
        isolation.add("--logging.level.root=warn");
        api = start(onThisMachine(compose.environment("api")), isolation);
        worker = start(onThisMachine(compose.environment("worker")), isolation);
    }

    @AfterAll
    static void stop() throws Exception {
        if (worker != null) {
            worker.close();
        }
        if (api != null) {
            api.close();
        }
        if (minio != null) {
            minio.stop();
        }
    }

    @Test
    void anUploadOnTheApiGetsItsThumbnailFromTheWorker() {
        assertThat(api.getBean(InstanceProperties.class).role()).isEqualTo(InstanceProperties.Role.api);
        assertThat(worker.getBean(InstanceProperties.class).role()).isEqualTo(InstanceProperties.Role.worker);
        // As compose's healthcheck does: each is ready once its dependencies answer.
        for (ConfigurableApplicationContext instance : List.of(api, worker)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> client(instance).get()
                    .uri("/actuator/health/readiness").exchange().returnResult(String.class).getStatus().value() == 200);
        }
        // Every API request needs a key: the admin key from .env works, none does not.
        WebTestClient.bindToServer().baseUrl("http://localhost:" + api.getEnvironment().getProperty("local.server.port"))
                .build().get().uri("/api/images").exchange().expectStatus().isUnauthorized();

        // The api runs no photo processing (DARKROOM_ROLE=api): a thumbnail can only come from the worker.
        Api viaApi = new Api(client(api));
        UUID image = viaApi.uploadId("coffee.jpg", TestImages.photo("coffee.jpg"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                client(api).get().uri("/api/images/{id}", image).exchange()
                        .expectBody(JsonNode.class).returnResult().getResponseBody()
                        .get("status").asString(), "completed"::equals);
        byte[] thumbnail = client(api).get().uri("/api/images/{id}/thumbnail", image).exchange()
                .expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(thumbnail).startsWith((byte) 0xFF, (byte) 0xD8);

        // And a job queued on the api is run by the worker too.
        UUID job = viaApi.submitId(image, "grayscale", Map.of());
        assertThat(viaApi.events(job).getLast().event()).isEqualTo("succeeded");
        assertThat(viaApi.result(job)).isNotEmpty();
    }

    /** Compose's environment with this machine's services in place of the other containers. */
    private static Map<String, String> onThisMachine(Map<String, String> composeEnvironment) {
        assertThat(composeEnvironment).as("compose.yaml still names these endpoints").containsKeys(ENDPOINTS.toArray(String[]::new));
        assertThat(composeEnvironment.get("SPRING_FLYWAY_URL")).contains("//postgres:");
        assertThat(composeEnvironment.get("DARKROOM_RABBITMQ_URI")).contains("@rabbitmq:");
        assertThat(composeEnvironment.get("DARKROOM_STORAGE_ENDPOINT")).contains("//minio:");

        Map<String, String> environment = new LinkedHashMap<>(composeEnvironment);
        String jdbc = TestRun.databaseUrl();
        environment.put("SPRING_FLYWAY_URL", jdbc);
        environment.put("SPRING_R2DBC_URL", "r2dbc:" + jdbc.substring("jdbc:".length()));
        environment.put("SPRING_R2DBC_USERNAME", System.getenv().getOrDefault("PGUSER", "postgres"));
        environment.put("SPRING_R2DBC_PASSWORD", System.getenv().getOrDefault("PGPASSWORD", ""));
        environment.put("DARKROOM_RABBITMQ_URI", "amqp://guest:guest@localhost:5672/%2F");
        environment.put("DARKROOM_STORAGE_ENDPOINT", "http://127.0.0.1:" + minio.getPort());
        return environment;
    }

    /** Started as a container would be: the variables are environment variables, bound as such. */
    private static ConfigurableApplicationContext start(Map<String, String> environment, List<String> args) {
        StandardEnvironment spring = new StandardEnvironment();
        // The "-systemEnvironment" suffix gets it the relaxed names of real environment variables.
        spring.getPropertySources().addFirst(new SystemEnvironmentPropertySource("compose-systemEnvironment",
                new LinkedHashMap<>(environment)));
        return new SpringApplicationBuilder(DarkroomApplication.class).environment(spring).run(args.toArray(String[]::new));
    }

    private static S3Proxy startS3(String accessKey, String secretKey) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "compose-s3"));
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(dir.toAbsolutePath().toString()))
                .endpoint(URI.create("http://127.0.0.1:" + freePort()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        proxy.start();
        return proxy;
    }

    private static WebTestClient client(ConfigurableApplicationContext context) {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(60))
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + adminKey)
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
