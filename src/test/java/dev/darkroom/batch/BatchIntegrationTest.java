package dev.darkroom.batch;

import static dev.darkroom.batch.BatchApi.document;
import static dev.darkroom.batch.BatchApi.filter;
import static dev.darkroom.batch.BatchApi.image;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.image.ImageDecoder;
import dev.darkroom.operation.Output;
import dev.darkroom.operation.Progress;
import dev.darkroom.operation.filter.FilterOperation;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.TestImages;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class BatchIntegrationTest {

    @Autowired
    WebTestClient client;

    @Autowired
    JsonMapper json;

    @Autowired
    BatchQueue queue;

    @Autowired
    MeterRegistry metrics;

    @Test
    void appliesEveryFilterToEveryPhotoAndStreamsProgressUntilItSucceeds() {
        BatchApi api = new BatchApi(client);
        byte[] coffee = TestImages.photo("coffee.jpg");
        byte[] chelsea = TestImages.photo("chelsea.jpg");
        UUID id = api.submit(document(
                List.of(image("coffee.jpg", coffee), image("chelsea.jpg", chelsea)),
                List.of(filter("BLUR", null), filter("GaussianBlur", Map.of("radius", 3)),
                        filter("MedianFilter", Map.of("size", 3)))));

        List<ServerSentEvent<JsonNode>> events = api.events(id);

        assertThat(events).isNotEmpty();
        assertThat(events.getFirst().data().get("status").asString()).isIn("queued", "running");
        assertThat(events.getLast().event()).isEqualTo("succeeded");
        assertThat(events.getLast().data().get("progress").asInt()).isEqualTo(100);
        int previous = -1;
        for (ServerSentEvent<JsonNode> event : events) {
            assertThat(event.data().get("jobId").asString()).isEqualTo(id.toString());
            assertThat(event.data().get("batchId").asString()).isEqualTo(id.toString());
            assertThat(event.event()).isEqualTo(event.data().get("status").asString());
            int progress = event.data().get("progress").asInt();
            assertThat(progress).as("progress never decreases").isGreaterThanOrEqualTo(previous);
            previous = progress;
        }
        assertThat(events.stream().map(e -> e.data().get("progress").asInt()).filter(p -> p > 0 && p < 100).distinct().count())
                .as("distinct progress values strictly between 0 and 100").isGreaterThanOrEqualTo(2);

        JsonNode batch = api.get(id);
        assertThat(batch.get("status").asString()).isEqualTo("succeeded");
        assertThat(batch.get("progress").asInt()).isEqualTo(100);
        assertThat(batch.get("completed").asInt()).isEqualTo(6);
        assertThat(batch.get("errors")).isEmpty();
        assertThat(batch.has("queuePosition")).isFalse();
        JsonNode results = batch.get("results");
        List<String> order = new ArrayList<>();
        results.forEach(result -> order.add(result.get("name").asString() + " " + result.get("filter").asString()));
        assertThat(order).containsExactly(
                "coffee.jpg BLUR", "coffee.jpg GaussianBlur", "coffee.jpg MedianFilter",
                "chelsea.jpg BLUR", "chelsea.jpg GaussianBlur", "chelsea.jpg MedianFilter");
        for (JsonNode result : results) {
            byte[] png = Base64.getDecoder().decode(result.get("data").asString());
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            BufferedImage input = TestImages.decode(result.get("name").asString().equals("coffee.jpg") ? coffee : chelsea);
            BufferedImage output = TestImages.decode(png);
            assertThat(output.getWidth()).isEqualTo(input.getWidth());
            assertThat(output.getHeight()).isEqualTo(input.getHeight());
        }

        BufferedImage expected = ((Output.Image) FilterOperation.from(json.getNodeFactory().stringNode("GaussianBlur"),
                json.valueToTree(Map.of("radius", 3)), "/filters/1")
                .apply(ImageDecoder.decode(coffee, Progress.NONE), Progress.NONE)).image();
        BufferedImage actual = TestImages.decode(Base64.getDecoder().decode(results.get(1).get("data").asString()));
        assertThat(pixels(actual)).as("the batch's GaussianBlur equals applying the filter here").isEqualTo(pixels(expected));
        assertThat(pixels(actual)).as("and the filter did something").isNotEqualTo(pixels(ImageDecoder.decode(coffee, Progress.NONE)));
    }

    @Test
    void acceptsEveryFormatTheDecoderReadsAndAnswersInPng() {
        BatchApi api = new BatchApi(client);
        byte[] gif = TestImages.generated(40, 30, "gif");
        byte[] bmp = TestImages.generated(41, 31, "bmp");
        byte[] tiff = TestImages.generated(42, 32, "tiff");
        UUID id = api.submit(document(
                List.of(image("astronaut.jpg", TestImages.photo("astronaut.jpg")), image("a.gif", gif), image("b.bmp", bmp),
                        image("c.tiff", tiff)),
                List.of(filter("SMOOTH", null))));

        JsonNode batch = api.await(id);

        assertThat(batch.get("status").asString()).isEqualTo("succeeded");
        List<String> sizes = new ArrayList<>();
        for (JsonNode result : batch.get("results")) {
            byte[] png = Base64.getDecoder().decode(result.get("data").asString());
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            BufferedImage image = TestImages.decode(png);
            sizes.add(result.get("name").asString() + " " + image.getWidth() + "x" + image.getHeight());
        }
        assertThat(sizes).containsExactly("astronaut.jpg 512x512", "a.gif 40x30", "b.bmp 41x31", "c.tiff 42x32");
    }

    @Test
    void anImageThatPassesItsHeaderCheckButCannotBeDecodedFailsItsOwnResultsOnly() {
        BatchApi api = new BatchApi(client);
        byte[] whole = TestImages.generated(64, 48, "png");
        byte[] cut = java.util.Arrays.copyOf(whole, 60);
        UUID id = api.submit(document(List.of(image("cut.png", cut), image("whole.png", whole)),
                List.of(filter("BLUR", null), filter("SHARPEN", null))));

        JsonNode batch = api.await(id);

        assertThat(batch.get("status").asString()).isEqualTo("failed");
        assertThat(batch.get("progress").asInt()).isEqualTo(100);
        assertThat(batch.get("completed").asInt()).isEqualTo(2);
        assertThat(batch.get("failed").asInt()).isEqualTo(2);
        assertThat(batch.get("message").asString())
                .isEqualTo("Failed: 2 of 4 results could not be made (see errors); the other 2 are in results");
        List<String> errors = new ArrayList<>();
        batch.get("errors").forEach(e -> errors.add(e.get("name").asString() + " " + e.get("filter").asString() + ": "
                + e.get("detail").asString()));
        assertThat(errors).hasSize(2).allSatisfy(error -> assertThat(error).startsWith("cut.png ").contains("PNG"));
        assertThat(errors.get(0)).startsWith("cut.png BLUR: ");
        assertThat(errors.get(1)).startsWith("cut.png SHARPEN: ");
        List<String> made = new ArrayList<>();
        batch.get("results").forEach(r -> made.add(r.get("name").asString() + " " + r.get("filter").asString()));
        assertThat(made).containsExactly("whole.png BLUR", "whole.png SHARPEN");
    }

    @Test
    void listsEveryProblemOfADocumentWithItsPointerAndAFix() {
        byte[] photo = TestImages.photo("chelsea.jpg");
        Map<String, Object> nameless = Map.of("data", Base64.getEncoder().encodeToString(photo));
        JsonNode problem = new BatchApi(client).post(document(
                        List.of(image("good.jpg", photo), Map.of("name", "bad.jpg", "data", "not base64!"),
                                image("notes.txt", "Hello, world".getBytes()), nameless),
                        List.of(filter("NoSuchFilter", null), filter("GaussianBlur", Map.of("radius", -2)),
                                Map.of("name", "BoxBlur", "radius", 2))))
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-parameters");
        assertThat(errors(problem)).containsExactly(
                "/images/1/data: is not valid base64: the character '!' at index 10 is not in the base64 alphabet "
                        + "(A-Z, a-z, 0-9, +, / and = padding)",
                "/images/2/data: is valid base64 but not an image in a supported format (JPEG, PNG, GIF, BMP, TIFF or WebP): "
                        + "it starts with the bytes 48 65 6c 6c 6f 2c 20 77 (\"Hello, w\"); encode the image file itself",
                "/images/3/name: is required: the image's file name, e.g. \"cat.jpg\", which its results are labelled with",
                "/filters/0/name: unknown filter \"NoSuchFilter\"; known: " + String.join(", ", FilterOperation.names()),
                "/filters/1/params/radius: must be between 0 and 1000, got -2",
                "/filters/2/radius: is not a field of a filter, which has \"name\" and \"params\"; parameters go inside "
                        + "\"params\", e.g. {\"name\": \"GaussianBlur\", \"params\": {\"radius\": 2}}",
                "/filters/2/params/radius: is required: a number between 0 and 1000");
        assertThat(problem.get("detail").asString()).startsWith("7 problems: /images/1/data: is not valid base64")
                .contains("; /filters/0/name: unknown filter \"NoSuchFilter\"; known: BLUR, ");
    }

    @Test
    void saysWhatIsMissingWhenTheListsAreAbsentOrEmpty() {
        BatchApi api = new BatchApi(client);
        assertThat(errors(api.post(Map.of()).expectStatus().isBadRequest()
                .expectBody(JsonNode.class).returnResult().getResponseBody()))
                .containsExactly(
                        "/images: is required: a list of images, each {\"name\": \"cat.jpg\", \"data\": \"<the file, base64-encoded>\"}",
                        "/filters: is required: a list of filters, each {\"name\": \"GaussianBlur\", \"params\": {\"radius\": 2}}; "
                                + "known filters: " + String.join(", ", FilterOperation.names()));
        assertThat(errors(api.post(document(List.of(), List.of())).expectStatus().isBadRequest()
                .expectBody(JsonNode.class).returnResult().getResponseBody()))
                .extracting(error -> error.substring(0, error.indexOf(','))).containsExactly(
                        "/images: must list at least one image", "/filters: must list at least one filter");
    }

    @Test
    void refusesMoreImagesFiltersOrResultsThanABatchMayHave() {
        byte[] tiny = TestImages.generated(2, 2, "png");
        List<Object> images = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            images.add(image("tiny-" + i + ".png", tiny));
        }
        List<Object> filters = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            // Distinct filters: the same one twice is refused on its own account.
            filters.add(filter("GaussianBlur", Map.of("radius", i + 1)));
        }
        JsonNode problem = new BatchApi(client).post(document(images, filters)).expectStatus().isBadRequest()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(errors(problem)).containsExactly(
                "/images: lists 51 images; a batch may have at most 50: split them over several batches",
                "/filters: lists 21 filters; a batch may have at most 20: split them over several batches",
                ": 51 images × 21 filters make 1071 results; a batch may make at most 100: split it into several batches");
    }

    @Test
    void refusesAnImageWhoseHeaderStatesTooManyPixels() {
        byte[] huge = PngHeader.of(8000, 6000);
        JsonNode problem = new BatchApi(client).post(document(List.of(image("huge.png", huge)), List.of(filter("BLUR", null))))
                .expectStatus().isBadRequest()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(errors(problem)).containsExactly("/images/0/data: is a 8000×6000 image (48.0 megapixels); an image may "
                + "have at most 40.0 megapixels: scale it down first");
    }

    @Test
    void answersAMalformedBodyWithWhereItBreaks() {
        client.post().uri("/api/batches").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"images\": [")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.type").isEqualTo("/problems/malformed-batch")
                .jsonPath("$.detail").value(String.class, detail -> assertThat(detail)
                        .startsWith("The body is not valid JSON at line 1, column "));
    }

    @Test
    void anUnknownBatchIsANotFoundProblem() {
        UUID unknown = UUID.randomUUID();
        client.get().uri("/api/batches/{id}", unknown).exchange()
                .expectStatus().isNotFound()
                .expectBody()
                .jsonPath("$.type").isEqualTo("/problems/batch-not-found")
                .jsonPath("$.batchId").isEqualTo(unknown.toString());
        client.get().uri("/api/batches/{id}/events", unknown).accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void aMessageForAFinishedBatchIsAcknowledgedAndSkipped() {
        BatchApi api = new BatchApi(client);
        UUID id = api.submit(document(List.of(image("once.png", TestImages.generated(16, 16, "png"))),
                List.of(filter("BLUR", null))));
        JsonNode finished = api.await(id);
        assertThat(finished.get("status").asString()).isEqualTo("succeeded");
        double skippedBefore = metrics.counter("darkroom.batches.skipped").count();

        queue.queue().publish(List.of(id)).block(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(metrics.counter("darkroom.batches.skipped").count()).isGreaterThan(skippedBefore));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(queue.queue().depth().block()).as("the message was acknowledged, not left queued").isZero());
        JsonNode after = api.get(id);
        assertThat(after.get("startedAt").asString()).as("not run again").isEqualTo(finished.get("startedAt").asString());
    }

    static List<String> errors(JsonNode problem) {
        List<String> errors = new ArrayList<>();
        problem.get("errors").forEach(e -> errors.add(e.get("pointer").asString() + ": " + e.get("detail").asString()));
        return errors;
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
