package dev.darkroom.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.support.Api;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.TestImages;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class JobIntegrationTest {

    @Autowired
    WebTestClient client;

    @Test
    void grayscaleOfARealPhotographFollowsTheLuminosityFormulaWithinOneLevel() {
        Api api = new Api(client);
        byte[] photo = TestImages.photo("coffee.jpg");
        UUID job = api.submitId(api.uploadId("coffee.jpg", photo), "grayscale", Map.of());

        JsonNode done = api.awaitJob(job);
        assertThat(done.get("status").asString()).isEqualTo("succeeded");
        assertThat(done.get("progress").asInt()).isEqualTo(100);
        assertThat(done.get("resultContentType").asString()).isEqualTo("image/png");

        BufferedImage original = TestImages.decode(photo);
        BufferedImage gray = TestImages.decode(api.result(job));
        assertThat(gray.getWidth()).isEqualTo(original.getWidth());
        assertThat(gray.getHeight()).isEqualTo(original.getHeight());
        int worst = 0;
        for (int y = 0; y < original.getHeight(); y++) {
            for (int x = 0; x < original.getWidth(); x++) {
                int rgb = original.getRGB(x, y);
                double expected = 0.21 * (rgb >> 16 & 0xff) + 0.72 * (rgb >> 8 & 0xff) + 0.07 * (rgb & 0xff);
                int actual = gray.getRaster().getSample(x, y, 0);
                worst = Math.max(worst, (int) Math.ceil(Math.abs(actual - expected)));
            }
        }
        assertThat(worst).as("largest difference from 0.21 R + 0.72 G + 0.07 B").isLessThanOrEqualTo(1);
    }

    @Test
    void serverSentEventsStartWithTheCurrentStateRiseMonotonicallyAndEndWithSucceeded() {
        Api api = new Api(client);
        UUID image = api.uploadId("big.jpg", TestImages.generated(2400, 1800, "jpg"));
        UUID job = api.submitId(image, "grayscale", Map.of());

        List<ServerSentEvent<JsonNode>> events = api.events(job);

        assertThat(events).isNotEmpty();
        assertThat(events.getFirst().data().get("status").asString()).isIn("queued", "running");
        ServerSentEvent<JsonNode> last = events.getLast();
        assertThat(last.event()).isEqualTo("succeeded");
        assertThat(last.data().get("progress").asInt()).isEqualTo(100);
        int previous = -1;
        for (ServerSentEvent<JsonNode> event : events) {
            assertThat(event.data().get("jobId").asString()).isEqualTo(job.toString());
            int progress = event.data().get("progress").asInt();
            assertThat(progress).as("progress never decreases").isGreaterThanOrEqualTo(previous);
            previous = progress;
        }
        long intermediate = events.stream().map(e -> e.data().get("progress").asInt())
                .filter(p -> p > 0 && p < 100).distinct().count();
        assertThat(intermediate).as("distinct progress values strictly between 0 and 100").isGreaterThanOrEqualTo(3);
    }

    @Test
    void theEventsOfAFinishedJobAreItsFinalStateAlone() {
        Api api = new Api(client);
        UUID job = api.submitId(api.uploadId("small.png", TestImages.generated(16, 16, "png")), "grayscale", Map.of());
        api.awaitJob(job);

        List<ServerSentEvent<JsonNode>> events = api.events(job);
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().event()).isEqualTo("succeeded");
    }

    @Test
    void startsOneJobPerImage() {
        Api api = new Api(client);
        UUID a = api.uploadId("a.png", TestImages.generated(8, 8, "png"));
        UUID b = api.uploadId("b.png", TestImages.generated(8, 8, "png"));
        JsonNode jobs = client.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("imageIds", List.of(a, b), "operation", "grayscale"))
                .exchange()
                .expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("jobs");

        assertThat(jobs).hasSize(2);
        assertThat(jobs.get(0).get("imageId").asString()).isEqualTo(a.toString());
        assertThat(jobs.get(1).get("imageId").asString()).isEqualTo(b.toString());
        for (JsonNode job : jobs) {
            assertThat(job.get("status").asString()).isEqualTo("queued");
            assertThat(job.get("progress").asInt()).isZero();
            assertThat(job.get("links").get("events").asString()).endsWith("/events");
            assertThat(api.awaitJob(UUID.fromString(job.get("id").asString())).get("status").asString())
                    .isEqualTo("succeeded");
        }
    }

    @Test
    void namesAnUnknownOperation() {
        UUID image = new Api(client).uploadId("x.png", TestImages.generated(8, 8, "png"));
        client.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("imageIds", List.of(image), "operation", "sepia"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.type").isEqualTo("/problems/unknown-operation")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("\"sepia\"").contains("grayscale"));
    }

    @Test
    void namesTheUnknownImages() {
        UUID known = new Api(client).uploadId("x.png", TestImages.generated(8, 8, "png"));
        UUID unknown = UUID.randomUUID();
        client.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("imageIds", List.of(known, unknown), "operation", "grayscale"))
                .exchange()
                .expectStatus().isNotFound()
                .expectBody()
                .jsonPath("$.type").isEqualTo("/problems/image-not-found")
                .jsonPath("$.imageIds[0]").isEqualTo(unknown.toString())
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains(unknown.toString()));
    }

    @Test
    void refusesBadParametersWhenTheJobIsSubmittedNamingEachOne() {
        UUID image = new Api(client).uploadId("x.png", TestImages.generated(8, 8, "png"));
        client.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("imageIds", List.of(image, "nope"), "operation", "filter",
                        "params", Map.of("name", "GaussianBlur", "radius", -2, "format", "gif")))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.type").isEqualTo("/problems/invalid-parameters")
                .jsonPath("$.errors[?(@.pointer == '/imageIds/1')]").exists()
                .jsonPath("$.errors[?(@.pointer == '/params/radius')].detail").isEqualTo("must be between 0 and 1000, got -2")
                .jsonPath("$.errors[?(@.pointer == '/params/format')]").exists();
    }

    @Test
    void answersProblemsForUnknownJobsAndUnfinishedResults() {
        UUID unknown = UUID.randomUUID();
        client.get().uri("/api/jobs/{id}", unknown).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.type").isEqualTo("/problems/job-not-found");
        client.get().uri("/api/jobs/{id}/events", unknown).accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.type").isEqualTo("/problems/job-not-found");
        client.get().uri("/api/jobs/{id}/result", unknown).exchange()
                .expectStatus().isNotFound();
        client.get().uri("/api/jobs/123").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.type").isEqualTo("/problems/invalid-id");
    }

    @Test
    void aCorruptImageFailsItsJobWithAReasonAndTheQueueGoesOn() {
        Api api = new Api(client);
        byte[] photo = TestImages.photo("chelsea.jpg");
        byte[] truncated = java.util.Arrays.copyOf(photo, photo.length / 3);
        UUID broken = api.submitId(api.uploadId("truncated.jpg", truncated), "grayscale", Map.of());
        UUID fine = api.submitId(api.uploadId("chelsea.jpg", photo), "grayscale", Map.of());

        JsonNode failed = api.awaitJob(broken);
        assertThat(failed.get("status").asString()).isIn("failed", "succeeded");
        if (failed.get("status").asString().equals("failed")) {
            assertThat(failed.get("error").asString()).isNotBlank();
            client.get().uri("/api/jobs/{id}/result", broken).exchange()
                    .expectStatus().isEqualTo(409)
                    .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("retry"));
        }
        assertThat(api.awaitJob(fine).get("status").asString()).isEqualTo("succeeded");
    }

    @Test
    void aJpegLibjpegWouldRefuseFailsItsJobWithLibjpegsReasonNotAOnePixelHighResult() {
        Api api = new Api(client);
        byte[] twoFrames = dev.darkroom.image.BadFiles.jpegWithTwoSofMarkers(TestImages.photo("chelsea.jpg"), 2560);
        UUID job = api.submitId(api.uploadId("two-frames.jpg", twoFrames), "thumbnail", Map.of());

        JsonNode failed = api.awaitJob(job);

        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("error").asString())
                .contains("damaged").contains("two SOF markers").contains("save it again");
    }

    @Test
    void retryStartsANewJobWithTheSameOperation() {
        Api api = new Api(client);
        UUID job = api.submitId(api.uploadId("r.png", TestImages.generated(8, 8, "png")), "grayscale", Map.of());
        api.awaitJob(job);
        JsonNode retried = client.post().uri("/api/jobs/{id}/retry", job).exchange()
                .expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("jobs").get(0);
        assertThat(retried.get("id").asString()).isNotEqualTo(job.toString());
        assertThat(retried.get("operation").asString()).isEqualTo("grayscale");
    }
}
