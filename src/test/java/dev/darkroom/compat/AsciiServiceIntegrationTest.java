package dev.darkroom.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.TestImages;
import tools.jackson.databind.JsonNode;

/** The ASCII service as its README tells it: upload, poll the metadata, fetch the art. */
@IntegrationTest
class AsciiServiceIntegrationTest {

    @Autowired
    WebTestClient client;

    @Test
    void uploadThenPollTheMetadataUntilReadyThenFetchTheArt() {
        byte[] photo = TestImages.photo("astronaut.jpg");
        String id = client.post().uri("/upload")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(TestImages.files("astronaut.jpg", photo))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("image_id").asString();

        JsonNode[] metadata = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            metadata[0] = client.get().uri("/image/{id}", id).exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            return metadata[0].get("state").asString().equals("ready");
        });
        assertThat(metadata[0].get("filename").asString()).isEqualTo("astronaut.jpg");
        assertThat(metadata[0].get("image_type").asString()).isEqualTo("JPEG");
        assertThat(metadata[0].get("image_size").get(0).asInt()).isEqualTo(512);
        assertThat(metadata[0].get("image_size").get(1).asInt()).isEqualTo(512);
        assertThat(metadata[0].get("created").asDouble()).isGreaterThan(1.7e9);
        assertThat(metadata[0].get("convert_time").asDouble()).isPositive();

        String art = client.get().uri("/image/{id}/ascii", id).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        String[] lines = art.split("\n");
        assertThat(lines).hasSize(50);
        assertThat(lines).allSatisfy(line -> assertThat(line).hasSize(100));

        byte[] original = client.get().uri("/image/{id}/original", id).exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(original).isEqualTo(photo);

        JsonNode list = client.get().uri("/list").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(list.valueStream().map(item -> item.get("image_id").asString())).contains(id);
    }

    @Test
    void asciiConvertsWithinTheRequestAtTheRequestedWidth() {
        String art = client.post().uri("/ascii?size=40")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(TestImages.files("chelsea.jpg", TestImages.photo("chelsea.jpg")))
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                .expectBody(String.class).returnResult().getResponseBody();

        String[] lines = art.split("\n");
        // 451×300 at 40 columns, cells twice as tall as wide: 40 × 300/451 / 2 ≈ 13 lines.
        assertThat(lines).hasSize(13);
        assertThat(lines).allSatisfy(line -> assertThat(line).hasSize(40));
    }

    @Test
    void refusesAWidthOutOfRangeNamingIt() {
        client.post().uri("/ascii?size=0")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(TestImages.files("chelsea.jpg", TestImages.photo("chelsea.jpg")))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].pointer").isEqualTo("/size")
                .jsonPath("$.errors[0].detail").isEqualTo("must be between 1 and 1000, got 0");
    }

    @Test
    void statusCountsUploadsAndErrors() {
        JsonNode before = client.get().uri("/status").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        client.post().uri("/upload").contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(TestImages.files("broken.jpg", java.util.Arrays.copyOf(TestImages.photo("chelsea.jpg"), 2000)))
                .exchange().expectStatus().isCreated();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode after = client.get().uri("/status").exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(after.get("uploaded_count").asLong()).isEqualTo(before.get("uploaded_count").asLong() + 1);
            assertThat(after.get("errors").asLong()).isGreaterThan(before.get("errors").asLong());
            // Every queue work waits in, each as the broker counts it (-1 would mean it could not be asked).
            assertThat(after.get("queue_depth").propertyNames()).containsExactly("jobs", "interactive_jobs", "photos", "downloads");
            after.get("queue_depth").forEach(depth -> assertThat(depth.asLong()).isNotNegative());
            assertThat(after.has("jobs_in_flight")).isTrue();
        });
    }
}
