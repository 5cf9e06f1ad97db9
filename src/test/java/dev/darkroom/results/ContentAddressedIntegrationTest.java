package dev.darkroom.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.support.Api;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.TestImages;
import tools.jackson.databind.JsonNode;

/**
 * An instance with the defaults every instance has unless told otherwise: the same bytes uploaded
 * again answer with the stored image, and a job that would make a result already made takes it.
 * Each test uploads bytes of its own (random pixels), since the database is shared with the other
 * test context, whose jobs are as reusable as these.
 */
@IntegrationTest
@TestPropertySource(properties = {"darkroom.upload.duplicates=reuse", "darkroom.jobs.reuse-results=true"})
// A context of its own, closed when done: kept in the cache it would hold its database connections
// for the rest of the run, on a PostgreSQL whose client slots the machine's other runs share.
@DirtiesContext
class ContentAddressedIntegrationTest {

    @Autowired
    WebTestClient client;

    @Autowired
    MeterRegistry metrics;

    @Test
    void theSameBytesUploadedAgainAnswerWithTheStoredImageMarkedDuplicateUnlessAskedToKeepThem() throws Exception {
        byte[] photo = unique();
        double duplicatesBefore = count("darkroom.uploads", "outcome", "duplicate");

        JsonNode first = upload(photo, "");
        assertThat(first.get("duplicate").asBoolean()).isFalse();
        assertThat(first.get("sha256").asString()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(photo)));

        JsonNode again = upload(photo, "");
        assertThat(again.get("id").asString()).isEqualTo(first.get("id").asString());
        assertThat(again.get("duplicate").asBoolean()).isTrue();
        assertThat(count("darkroom.uploads", "outcome", "duplicate")).isEqualTo(duplicatesBefore + 1);

        JsonNode kept = upload(photo, "?duplicates=keep");
        assertThat(kept.get("id").asString()).isNotEqualTo(first.get("id").asString());
        assertThat(kept.get("duplicate").asBoolean()).isFalse();
        assertThat(kept.get("sha256").asString()).isEqualTo(first.get("sha256").asString());

        // Deleted images are not handed out again: the bytes become an image of their own.
        client.delete().uri("/api/images/{id}", first.get("id").asString()).exchange().expectStatus().is2xxSuccessful();
        client.delete().uri("/api/images/{id}", kept.get("id").asString()).exchange().expectStatus().is2xxSuccessful();
        JsonNode afresh = upload(photo, "");
        assertThat(afresh.get("duplicate").asBoolean()).isFalse();
        assertThat(afresh.get("id").asString()).isNotIn(first.get("id").asString(), kept.get("id").asString());

        client.post().uri("/api/images?duplicates=maybe").contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(TestImages.files("x.png", photo)).exchange().expectStatus().isBadRequest();
    }

    @Test
    void theSameBytesTwiceInOneRequestAreOneImage() {
        // A request's files are committed together, so the second copy cannot find the first
        // among the stored rows: it is recognised within the request.
        byte[] photo = unique();
        byte[] other = unique();
        JsonNode images = client.post().uri("/api/images").contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(TestImages.files("a.png", photo, "b.png", other, "c.png", photo)).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody().get("images");

        assertThat(images).hasSize(3);
        assertThat(images.get(0).get("duplicate").asBoolean()).isFalse();
        assertThat(images.get(1).get("duplicate").asBoolean()).isFalse();
        assertThat(images.get(2).get("duplicate").asBoolean()).isTrue();
        assertThat(images.get(2).get("id").asString()).isEqualTo(images.get(0).get("id").asString());
        assertThat(images.get(2).get("index").asInt()).isEqualTo(2);
    }

    @Test
    void aJobThatWouldMakeAResultAlreadyMadeReusesItAtOnceUnlessForced() {
        Api api = new Api(client);
        byte[] photo = unique();
        UUID image = UUID.fromString(upload(photo, "").get("id").asString());
        JsonNode ran = api.awaitJob(api.submitId(image, "thumbnail", Map.of("maxWidth", 40)));
        assertThat(ran.get("status").asString()).isEqualTo("succeeded");
        assertThat(ran.get("reused").asBoolean()).isFalse();
        double reusedBefore = count("darkroom.jobs.submitted", "reused", "true");

        // Another image with the same bytes, the same parameters spelt otherwise (a default given, a
        // choice in capitals, keys in another order): the result is there at once.
        UUID copy = UUID.fromString(upload(photo, "?duplicates=keep").get("id").asString());
        JsonNode reused = api.submit(copy, "thumbnail", Map.of("format", "PNG", "maxHeight", 320, "maxWidth", 40));
        assertThat(reused.get("status").asString()).isEqualTo("succeeded");
        assertThat(reused.get("reused").asBoolean()).isTrue();
        assertThat(reused.get("reusedFrom").asString()).isEqualTo(ran.get("id").asString());
        assertThat(reused.at("/links/original").asString()).isEqualTo("/api/jobs/" + ran.get("id").asString());
        assertThat(reused.get("imageId").asString()).isEqualTo(copy.toString());
        assertThat(count("darkroom.jobs.submitted", "reused", "true")).isEqualTo(reusedBefore + 1);

        UUID reusedId = UUID.fromString(reused.get("id").asString());
        UUID ranId = UUID.fromString(ran.get("id").asString());
        assertThat(api.result(reusedId)).isEqualTo(api.result(ranId));
        assertThat(etag(reusedId)).as("one result, one validator").isEqualTo(etag(ranId));
        // Its events are its final state alone: it never ran.
        assertThat(api.events(reusedId)).singleElement().satisfies(event -> assertThat(event.event()).isEqualTo("succeeded"));

        // A reuse of a reuse names the job that ran.
        assertThat(api.submit(image, "thumbnail", Map.of("maxWidth", 40)).get("reusedFrom").asString())
                .isEqualTo(ran.get("id").asString());

        JsonNode forced = client.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("imageIds", List.of(copy), "operation", "thumbnail", "params", Map.of("maxWidth", 40),
                        "force", true))
                .exchange().expectStatus().isAccepted().expectBody(JsonNode.class).returnResult().getResponseBody()
                .at("/jobs/0");
        assertThat(forced.get("status").asString()).isEqualTo("queued");
        assertThat(forced.get("reused").asBoolean()).isFalse();
        assertThat(api.awaitJob(UUID.fromString(forced.get("id").asString())).get("status").asString()).isEqualTo("succeeded");

        JsonNode other = api.submit(copy, "thumbnail", Map.of("maxWidth", 41));
        assertThat(other.get("reused").asBoolean()).as("other parameters, another result").isFalse();
        api.awaitJob(UUID.fromString(other.get("id").asString()));

        JsonNode retried = client.post().uri("/api/jobs/{id}/retry", ran.get("id").asString()).exchange()
                .expectStatus().isAccepted().expectBody(JsonNode.class).returnResult().getResponseBody().at("/jobs/0");
        assertThat(retried.get("reused").asBoolean()).as("a retry runs again").isFalse();
        api.awaitJob(UUID.fromString(retried.get("id").asString()));
    }

    @Test
    void aResultOfADeletedImageIsNotReused() {
        Api api = new Api(client);
        byte[] photo = unique();
        UUID image = UUID.fromString(upload(photo, "").get("id").asString());
        api.awaitJob(api.submitId(image, "ascii", Map.of("width", 20)));
        client.delete().uri("/api/images/{id}", image).exchange().expectStatus().is2xxSuccessful();

        UUID again = UUID.fromString(upload(photo, "").get("id").asString());
        JsonNode job = api.submit(again, "ascii", Map.of("width", 20));
        assertThat(job.get("reused").asBoolean()).isFalse();
        assertThat(api.awaitJob(UUID.fromString(job.get("id").asString())).get("status").asString()).isEqualTo("succeeded");
    }

    private JsonNode upload(byte[] bytes, String query) {
        return client.post().uri("/api/images" + query).contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(TestImages.files("unique.png", bytes)).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().at("/images/0");
    }

    private String etag(UUID job) {
        return client.get().uri("/api/jobs/{id}/result", job).exchange().expectStatus().isOk()
                .returnResult(byte[].class).getResponseHeaders().getFirst(HttpHeaders.ETAG);
    }

    private double count(String name, String tag, String value) {
        return metrics.find(name).tag(tag, value).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** A small PNG no other test uploads. */
    private static byte[] unique() {
        BufferedImage image = new BufferedImage(48, 32, BufferedImage.TYPE_INT_RGB);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return TestImages.encode(image, "png");
    }
}
