package dev.darkroom.operation;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.darkroom.image.BadFiles;
import dev.darkroom.support.Api;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.TestImages;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class OperationJobsIntegrationTest {

    @Autowired
    WebTestClient client;

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = OperationJobsIntegrationTest.class.getResourceAsStream("/decoder/" + name)) {
            return in.readAllBytes();
        }
    }

    private JsonNode run(String name, byte[] bytes, String operation, Map<String, Object> params) {
        Api api = new Api(client);
        UUID job = api.submitId(api.uploadId(name, bytes), operation, params);
        JsonNode done = api.awaitJob(job);
        return done;
    }

    @Test
    void thumbnailFitsThePhotoInsideTheBoxAsPng() {
        Api api = new Api(client);
        UUID job = api.submitId(api.uploadId("big.jpg", TestImages.generated(2400, 1800, "jpg")), "thumbnail",
                Map.of("maxWidth", 200, "maxHeight", 120));

        JsonNode done = api.awaitJob(job);

        assertThat(done.get("status").asString()).isEqualTo("succeeded");
        assertThat(done.get("resultContentType").asString()).isEqualTo("image/png");
        BufferedImage thumb = TestImages.decode(api.result(job));
        assertThat(thumb.getWidth()).isEqualTo(160);
        assertThat(thumb.getHeight()).isEqualTo(120);
    }

    @Test
    void thumbnailOfAPortraitPhoneShotIsUprightAndCanBeJpeg() throws IOException {
        Api api = new Api(client);
        // Stored 40 wide and 60 tall, tagged "turn 90° clockwise": upright it is 60x40.
        UUID job = api.submitId(api.uploadId("phone.jpg", fixture("orientation-6.jpg")), "thumbnail",
                Map.of("maxWidth", 30, "format", "jpeg", "quality", 95));

        JsonNode done = api.awaitJob(job);

        assertThat(done.get("status").asString()).isEqualTo("succeeded");
        assertThat(done.get("resultContentType").asString()).isEqualTo("image/jpeg");
        BufferedImage thumb = TestImages.decode(api.result(job));
        assertThat(thumb.getWidth()).isEqualTo(30);
        assertThat(thumb.getHeight()).isEqualTo(20);
        int topLeft = thumb.getRGB(3, 3);
        assertThat(topLeft >> 16 & 0xff).as("red top left").isGreaterThan(180);
        assertThat(topLeft >> 8 & 0xff).isLessThan(90);
    }

    @Test
    void asciiGivesPlainTextWithOneFixedWidthLinePerRow() {
        Api api = new Api(client);
        UUID job = api.submitId(api.uploadId("coffee.jpg", TestImages.photo("coffee.jpg")), "ascii",
                Map.of("width", 60, "invert", true));

        JsonNode done = api.awaitJob(job);

        assertThat(done.get("status").asString()).isEqualTo("succeeded");
        assertThat(done.get("resultContentType").asString()).startsWith("text/plain");
        String text = new String(api.result(job), StandardCharsets.UTF_8);
        List<String> lines = List.of(text.split("\n", -1));
        assertThat(lines).hasSize(20).allSatisfy(line -> assertThat(line).hasSize(60));
    }

    @Test
    void colorsGivesTheDominantHuesAsJson() {
        Api api = new Api(client);
        UUID job = api.submitId(api.uploadId("blocks.jpg", DominantColorsTest.blocksJpeg()), "colors", Map.of());

        JsonNode done = api.awaitJob(job);

        assertThat(done.get("status").asString()).isEqualTo("succeeded");
        assertThat(done.get("resultContentType").asString()).isEqualTo("application/json");
        JsonNode colours = JsonMapper.builder().build().readTree(api.result(job)).get("colors");
        assertThat(colours).hasSize(4);
        JsonNode first = colours.get(0);
        assertThat(first.get("hex").asString()).matches("#[0-9a-f]{6}");
        assertThat(first.get("rgb")).hasSize(3);
        assertThat(first.get("hue").asInt()).as("red, either side of 0").satisfiesAnyOf(
                h -> assertThat(h).isBetween(0, 4), h -> assertThat(h).isBetween(356, 359));
        assertThat(first.get("saturation").asDouble()).isBetween(0.0, 1.0);
        assertThat(first.get("lightness").asDouble()).isBetween(0.0, 1.0);
        assertThat(first.get("weight").asDouble()).isBetween(0.3, 0.5);
    }

    @Test
    void badParametersAreRefusedAtSubmitNamingParameterValueAndRange() {
        UUID image = new Api(client).uploadId("x.png", TestImages.generated(8, 8, "png"));
        client.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("imageIds", List.of(image), "operation", "thumbnail",
                        "params", Map.of("maxWidth", 0, "maxHeight", 5000, "size", 3)))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[?(@.pointer == '/params/maxWidth')].detail").isEqualTo("must be between 1 and 4096, got 0")
                .jsonPath("$.errors[?(@.pointer == '/params/maxHeight')].detail").isEqualTo("must be between 1 and 4096, got 5000")
                .jsonPath("$.errors[?(@.pointer == '/params/size')]").exists();
        client.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("imageIds", List.of(image), "operation", "ascii", "params", Map.of("width", 1001)))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[?(@.pointer == '/params/width')].detail").isEqualTo("must be between 1 and 1000, got 1001");
        client.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("imageIds", List.of(image), "operation", "colors", "params", Map.of("count", 5)))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[?(@.pointer == '/params/count')].detail")
                .isEqualTo("is not a parameter of this operation, which takes none");
    }

    @Test
    void aTruncatedJpegFailsItsJobSayingItIsTruncated() {
        byte[] photo = TestImages.photo("coffee.jpg");

        JsonNode done = run("cut.jpg", Arrays.copyOf(photo, photo.length / 2), "thumbnail", Map.of());

        assertThat(done.get("status").asString()).isEqualTo("failed");
        assertThat(done.get("error").asString()).contains("JPEG file is truncated");
    }

    @Test
    void aJpegWithGarbageForDataFailsItsJobSayingItIsDamaged() {
        byte[] broken = TestImages.photo("coffee.jpg").clone();
        for (int i = 700; i < broken.length; i++) {
            broken[i] = (byte) (i * 31);
        }

        JsonNode done = run("noise.jpg", broken, "colors", Map.of());

        assertThat(done.get("status").asString()).isEqualTo("failed");
        assertThat(done.get("error").asString()).startsWith("the JPEG file is");
    }

    @Test
    void bombsUnsupportedFormatsAndEmptyFilesAreRefusedAtUpload() {
        upload("bomb.png", BadFiles.pngClaiming(100_000, 100_000)).expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.type").isEqualTo("/problems/too-many-pixels")
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("100000x100000"));
        upload("layers.psd", BadFiles.psdHeader()).expectStatus().isEqualTo(415)
                .expectBody().jsonPath("$.type").isEqualTo("/problems/unsupported-image-type");
        upload("favicon.ico", BadFiles.icoHeader()).expectStatus().isEqualTo(415);
        upload("notes.png", "not pixels at all".getBytes()).expectStatus().isEqualTo(415);
        upload("empty.jpg", new byte[0]).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("/problems/empty-file");
    }

    private WebTestClient.ResponseSpec upload(String name, byte[] bytes) {
        return client.post().uri("/api/images").contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(TestImages.files(name, bytes)).exchange();
    }
}
