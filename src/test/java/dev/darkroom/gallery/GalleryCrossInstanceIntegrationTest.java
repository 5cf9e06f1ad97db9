package dev.darkroom.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.DarkroomApplication;
import dev.darkroom.support.Api;
import dev.darkroom.support.TestRun;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two instances sharing only PostgreSQL, RabbitMQ and object storage: A serves the API and
 * processes nothing, B does both. A gallery open on A sees an image that B processed, and a
 * delete made on B, which can only reach it over the gallery exchange.
 */
class GalleryCrossInstanceIntegrationTest {

    static final String PHOTOS = TestRun.queue("darkroom.test.cross-gallery.photos");
    static final String JOBS = TestRun.queue("darkroom.test.cross-gallery.jobs");
    static final String BATCHES = TestRun.queue("darkroom.test.cross-gallery.batches");
    static final String GALLERY = TestRun.exchange("darkroom.test.cross-gallery.gallery");
    static final String PROGRESS = TestRun.exchange("darkroom.test.cross-gallery.progress");

    static ConfigurableApplicationContext apiOnly;
    static ConfigurableApplicationContext both;

    @BeforeAll
    static void startTwoInstances() throws IOException {
        int s3Port = freePort();
        List<String> shared = List.of("--darkroom.photos.queue=" + PHOTOS,
                "--darkroom.import.queue=" + TestRun.queue("darkroom.test.cross-gallery.downloads"), "--darkroom.jobs.queue=" + JOBS,
                "--darkroom.batches.queue=" + BATCHES, "--darkroom.gallery.exchange=" + GALLERY,
                "--darkroom.progress.exchange=" + PROGRESS, "--server.port=0");
        apiOnly = start(shared, "--darkroom.role=api", "--darkroom.storage.embedded.port=" + s3Port);
        both = start(shared, "--darkroom.role=both", "--darkroom.storage.endpoint=http://127.0.0.1:" + s3Port);
    }

    private static ConfigurableApplicationContext start(List<String> shared, String... own) {
        List<String> args = new ArrayList<>(shared);
        args.addAll(List.of(own));
        return new SpringApplicationBuilder(DarkroomApplication.class).profiles("test").run(args.toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        if (both != null) {
            both.close();
        }
        if (apiOnly != null) {
            apiOnly.close();
        }
        try (com.rabbitmq.client.Connection connection = new ConnectionFactory().newConnection("darkroom-test-cleanup")) {
            for (String queue : List.of(PHOTOS, JOBS, BATCHES)) {
                try (Channel channel = connection.createChannel()) {
                    channel.queueDelete(queue);
                } catch (Exception ignored) {
                    // never declared
                }
            }
            for (String exchange : List.of(GALLERY, PROGRESS)) {
                try (Channel channel = connection.createChannel()) {
                    channel.exchangeDelete(exchange);
                } catch (Exception ignored) {
                    // never declared
                }
            }
        } catch (Exception e) {
            System.err.println("Could not remove the cross-instance gallery test's queues: " + e);
        }
    }

    @Test
    void aGalleryOnOneInstanceSeesImagesProcessedAndDeletedOnAnother() {
        Api viaBoth = new Api(client(both));
        try (GallerySocket socket = new GallerySocket(port(apiOnly), apiOnly.getBean(JsonMapper.class))) {
            socket.query(150, 1);

            UUID image = viaBoth.uploadId("spring-green.png", GalleryIntegrationTest.solid(150));

            assertThat(socket.awaitType("added").path("image").path("id").asString()).isEqualTo(image.toString());

            client(both).delete().uri("/api/images/{id}", image).exchange().expectStatus().isNoContent();

            assertThat(socket.awaitType("deleted").path("id").asString()).isEqualTo(image.toString());
        }
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    private static WebTestClient client(ConfigurableApplicationContext context) {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port(context))
                .responseTimeout(Duration.ofSeconds(60)).build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
