package dev.darkroom.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.support.Api;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.TestImages;
import tools.jackson.databind.JsonNode;

/**
 * WebP results, format auto chosen by each client's Accept, and validators on everything that
 * never changes once stored: results, originals and thumbnails.
 */
@IntegrationTest
class FormatNegotiationIntegrationTest {

    private static final String BROWSER_ACCEPT = "image/avif,image/webp,image/apng,image/*,*/*;q=0.8";

    @Autowired
    WebTestClient client;

    @Test
    void aWebpResultIsARealWebpOfTheSameSizeAndSmallerThanPng() {
        Api api = new Api(client);
        byte[] photo = TestImages.photo("coffee.jpg");
        UUID image = api.uploadId("coffee.jpg", photo);
        JsonNode webp = api.awaitJob(api.submitId(image, "grayscale", Map.of("format", "webp", "quality", 80)));
        JsonNode png = api.awaitJob(api.submitId(image, "grayscale", Map.of()));

        assertThat(webp.get("resultContentType").asString()).isEqualTo("image/webp");
        byte[] bytes = api.result(UUID.fromString(webp.get("id").asString()));
        assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(bytes, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
        BufferedImage decoded = TestImages.decode(bytes);
        BufferedImage original = TestImages.decode(photo);
        assertThat(decoded.getWidth()).isEqualTo(original.getWidth());
        assertThat(decoded.getHeight()).isEqualTo(original.getHeight());
        assertThat(bytes.length).isLessThan(api.result(UUID.fromString(png.get("id").asString())).length);

        EntityExchangeResult<byte[]> answer = client.get().uri("/api/jobs/{id}/result", webp.get("id").asString())
                .exchange().expectStatus().isOk().expectBody(byte[].class).returnResult();
        assertThat(answer.getResponseHeaders().getContentDisposition().getFilename()).isEqualTo("coffee-grayscale.webp");
    }

    @Test
    void formatAutoServesWebpToClientsThatNameItAndJpegToTheRestVaryingByAccept() {
        Api api = new Api(client);
        UUID image = api.uploadId("auto.jpg", TestImages.generated(640, 480, "jpg"));
        JsonNode job = api.awaitJob(api.submitId(image, "grayscale", Map.of("format", "auto", "quality", 75)));
        assertThat(job.get("status").asString()).isEqualTo("succeeded");
        assertThat(job.get("resultContentType").asString()).as("the fallback of an opaque result").isEqualTo("image/jpeg");
        assertThat(job.get("resultVariants").toString()).isEqualTo("[\"image/webp\"]");

        EntityExchangeResult<byte[]> browser = fetch(job, BROWSER_ACCEPT, null);
        assertThat(browser.getStatus()).isEqualTo(HttpStatus.OK);
        assertThat(browser.getResponseHeaders().getContentType()).isEqualTo(MediaType.parseMediaType("image/webp"));
        assertThat(new String(browser.getResponseBody(), 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
        assertThat(browser.getResponseHeaders().getVary()).contains(HttpHeaders.ACCEPT);

        EntityExchangeResult<byte[]> script = fetch(job, "*/*", null);
        assertThat(script.getResponseHeaders().getContentType()).isEqualTo(MediaType.IMAGE_JPEG);
        assertThat(script.getResponseBody()[0] & 0xff).isEqualTo(0xFF);
        assertThat(script.getResponseHeaders().getVary()).contains(HttpHeaders.ACCEPT);
        assertThat(script.getResponseHeaders().getCacheControl()).contains("immutable");

        EntityExchangeResult<byte[]> refusing = fetch(job, "image/webp;q=0, image/jpeg", null);
        assertThat(refusing.getResponseHeaders().getContentType()).isEqualTo(MediaType.IMAGE_JPEG);

        // Each encoding has its own strong validator, and each is honoured.
        String webpTag = browser.getResponseHeaders().getETag();
        String jpegTag = script.getResponseHeaders().getETag();
        assertThat(webpTag).startsWith("\"").doesNotStartWith("W/").isNotEqualTo(jpegTag);
        assertThat(fetch(job, BROWSER_ACCEPT, webpTag).getStatus()).isEqualTo(HttpStatus.NOT_MODIFIED);
        assertThat(fetch(job, "*/*", jpegTag).getStatus()).isEqualTo(HttpStatus.NOT_MODIFIED);
        assertThat(fetch(job, "*/*", webpTag).getStatus()).as("the JPEG is not the WebP the client holds")
                .isEqualTo(HttpStatus.OK);
    }

    @Test
    void formatAutoKeepsTransparencyWithPngAsTheFallback() {
        Api api = new Api(client);
        BufferedImage clear = new BufferedImage(64, 48, BufferedImage.TYPE_INT_ARGB);
        clear.setRGB(3, 3, 0x80ff0000);
        UUID image = api.uploadId("clear.png", TestImages.encode(clear, "png"));
        JsonNode job = api.awaitJob(api.submitId(image, "thumbnail", Map.of("format", "auto", "maxWidth", 32)));
        assertThat(job.get("resultContentType").asString()).isEqualTo("image/png");
        assertThat(TestImages.decode(fetch(job, BROWSER_ACCEPT, null).getResponseBody()).getColorModel().hasAlpha()).isTrue();
    }

    @Test
    void originalsAndThumbnailsHaveStrongValidatorsAndThumbnailsOfADeletedImageAreGone() {
        Api api = new Api(client);
        byte[] photo = TestImages.generated(200, 120, "png");
        JsonNode uploaded = api.upload("tagged.png", photo);
        UUID image = UUID.fromString(uploaded.get("id").asString());

        EntityExchangeResult<byte[]> original = client.get().uri("/api/images/{id}/original", image).exchange()
                .expectStatus().isOk().expectBody(byte[].class).returnResult();
        assertThat(original.getResponseHeaders().getETag()).isEqualTo("\"" + uploaded.get("sha256").asString() + "\"");
        client.get().uri("/api/images/{id}/original", image).header(HttpHeaders.IF_NONE_MATCH, original.getResponseHeaders().getETag())
                .exchange().expectStatus().isNotModified();

        await().atMost(Duration.ofSeconds(30)).until(() -> client.get().uri("/api/images/{id}/thumbnail", image).exchange()
                .returnResult(byte[].class).getStatus().is2xxSuccessful());
        EntityExchangeResult<byte[]> thumbnail = client.get().uri("/api/images/{id}/thumbnail", image).exchange()
                .expectStatus().isOk().expectBody(byte[].class).returnResult();
        String tag = thumbnail.getResponseHeaders().getETag();
        assertThat(tag).startsWith("\"");
        client.get().uri("/api/images/{id}/thumbnail", image).header(HttpHeaders.IF_NONE_MATCH, tag)
                .exchange().expectStatus().isNotModified();

        client.delete().uri("/api/images/{id}", image).exchange().expectStatus().is2xxSuccessful();
        client.get().uri("/api/images/{id}/thumbnail", image).exchange().expectStatus().isNotFound();
        client.get().uri("/api/images/{id}/thumbnail", image).header(HttpHeaders.IF_NONE_MATCH, tag)
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void theFormatsAreDeclaredOnceAndAnUnknownOneIsRefusedNamingIt() {
        JsonNode operations = client.get().uri("/api/operations").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode grayscale = Arrays.stream(operations.get("details").valueStream().toArray(JsonNode[]::new))
                .filter(d -> d.get("name").asString().equals("grayscale")).findFirst().orElseThrow();
        assertThat(grayscale.at("/params/properties/format/enum").toString()).isEqualTo("[\"png\",\"jpeg\",\"webp\",\"auto\"]");
        assertThat(grayscale.get("mediaTypes").toString()).contains("image/webp");

        Api api = new Api(client);
        UUID image = api.uploadId("refused.png", TestImages.generated(40, 30, "png"));
        JsonNode problem = client.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("imageIds", java.util.List.of(image), "operation", "grayscale", "params", Map.of("format", "gif")))
                .exchange().expectStatus().isBadRequest().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(problem.toString()).contains("/params/format").contains("png, jpeg, webp, auto");
    }

    private EntityExchangeResult<byte[]> fetch(JsonNode job, String accept, String ifNoneMatch) {
        WebTestClient.RequestHeadersSpec<?> request = client.get().uri("/api/jobs/{id}/result", job.get("id").asString())
                .header(HttpHeaders.ACCEPT, accept);
        if (ifNoneMatch != null) {
            request = request.header(HttpHeaders.IF_NONE_MATCH, ifNoneMatch);
        }
        return request.exchange().expectBody(byte[].class).returnResult();
    }
}
