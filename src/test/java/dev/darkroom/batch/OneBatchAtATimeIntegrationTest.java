package dev.darkroom.batch;

import static dev.darkroom.batch.BatchApi.document;
import static dev.darkroom.batch.BatchApi.filter;
import static dev.darkroom.batch.BatchApi.image;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.TestImages;
import tools.jackson.databind.JsonNode;

/** A deployment that runs one batch at a time and takes only small documents. */
@IntegrationTest
@TestPropertySource(properties = {
        "darkroom.batches.concurrency=1",
        "darkroom.batches.queue=darkroom.test.batches.${darkroom.test.run}.one-at-a-time",
        "darkroom.jobs.queue=darkroom.test.jobs.${darkroom.test.run}.one-batch-at-a-time",
        "darkroom.batches.max-request-size=1MB",
        "darkroom.batches.max-image-size=300KB"})
class OneBatchAtATimeIntegrationTest {

    @Autowired
    WebTestClient client;

    @Test
    void aBatchSubmittedWhileTheSlotIsTakenWaitsQueuedWithItsPositionThenRuns() {
        BatchApi api = new BatchApi(client);
        UUID first = api.submit(document(List.of(image("busy.png", smoothButLarge(1200, 900))),
                List.of(filter("MedianFilter", Map.of("size", 7)), filter("GaussianBlur", Map.of("radius", 30)),
                        filter("ModeFilter", Map.of("size", 5)), filter("MedianFilter", Map.of("size", 9)))));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> api.get(first).get("status").asString().equals("running"));
        Map<String, Object> small = document(List.of(image("small.jpg", TestImages.photo("chelsea.jpg"))),
                List.of(filter("BLUR", null)));
        UUID second = api.submit(small);
        UUID third = api.submit(small);

        JsonNode waiting = api.get(second);
        JsonNode behind = api.get(third);

        assertThat(api.get(first).get("status").asString()).as("the first batch still holds the only slot").isEqualTo("running");
        assertThat(waiting.get("status").asString()).isEqualTo("queued");
        assertThat(behind.get("status").asString()).isEqualTo("queued");
        long position = waiting.get("queuePosition").asLong();
        assertThat(position).isPositive();
        assertThat(behind.get("queuePosition").asLong()).isEqualTo(position + 1);
        assertThat(behind.get("message").asString()).isEqualTo("Waiting to start: position " + (position + 1)
                + " in the queue (" + position + " ahead); one batch runs at once");
        assertThat(api.get(first).has("queuePosition")).as("only a waiting batch has a queue position").isFalse();

        JsonNode a = api.await(first);
        JsonNode b = api.await(second);
        JsonNode c = api.await(third);
        assertThat(List.of(a, b, c)).extracting(batch -> batch.get("status").asString())
                .containsOnly("succeeded");
        assertThat(instant(b, "startedAt")).as("the second started once the first had finished")
                .isAfterOrEqualTo(instant(a, "finishedAt"));
        assertThat(instant(c, "startedAt")).isAfterOrEqualTo(instant(b, "finishedAt"));
    }

    @Test
    void aDocumentLargerThanTheLimitIsRefusedAsTooLarge() {
        byte[] noise = new byte[900 * 1024];
        new Random(7).nextBytes(noise);
        new BatchApi(client).post(document(List.of(image("noise.bin", noise)), List.of(filter("BLUR", null))))
                .expectStatus().isEqualTo(413)
                .expectBody()
                .jsonPath("$.type").isEqualTo("/problems/batch-too-large")
                .jsonPath("$.detail").value(String.class, detail -> assertThat(detail)
                        .startsWith("The batch document is 1.2 MB; this endpoint accepts at most 1.0 MB")
                        .endsWith("Split the images over several batches"));
    }

    @Test
    void anImageLargerThanTheLimitIsNamedWithBothSizes() {
        byte[] big = new byte[400 * 1024];
        new Random(7).nextBytes(big);
        JsonNode problem = new BatchApi(client).post(Map.of(
                        "images", List.of(image("small.jpg", TestImages.photo("chelsea.jpg")),
                                Map.of("name", "big.png", "data", Base64.getEncoder().encodeToString(big))),
                        "filters", List.of(filter("BLUR", null))))
                .expectStatus().isBadRequest()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(BatchIntegrationTest.errors(problem)).containsExactly(
                "/images/1/data: is 400 KB once decoded; an image may be at most 300 KB: send a smaller file");
    }

    /** Costs filters as much as any image of its size, yet compresses to a few kilobytes. */
    private static byte[] smoothButLarge(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8);
            }
        }
        return TestImages.encode(image, "png");
    }

    private static Instant instant(JsonNode batch, String field) {
        return Instant.parse(batch.get(field).asString());
    }
}
