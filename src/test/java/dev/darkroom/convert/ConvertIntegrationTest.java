package dev.darkroom.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.TestImages;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class ConvertIntegrationTest {

    @Autowired
    WebTestClient client;

    @Test
    void convertsASmallImageWithinTheRequestToAGrayPngDataUri() {
        JsonNode body = client.post().uri("/api/convert")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(TestImages.files("chelsea.jpg", TestImages.photo("chelsea.jpg")))
                .exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        String uri = body.get("image").asString();
        assertThat(uri).startsWith("data:image/png;base64,");
        BufferedImage gray = TestImages.decode(Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1)));
        assertThat(gray.getWidth()).isEqualTo(451);
        assertThat(gray.getHeight()).isEqualTo(300);
        assertThat(gray.getRaster().getNumBands()).isEqualTo(1);
    }

    @Test
    void aJpegLibjpegWouldRefuseIsA422SayingWhyNotA500() {
        byte[] twoFrames = dev.darkroom.image.BadFiles.jpegWithTwoSofMarkers(TestImages.photo("chelsea.jpg"), 2560);
        client.post().uri("/api/convert")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(TestImages.files("two-frames.jpg", twoFrames))
                .exchange()
                .expectStatus().isEqualTo(422)
                .expectBody()
                .jsonPath("$.type").isEqualTo("/problems/unreadable-image")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("two SOF markers")
                        .doesNotContain("Exception"));
    }

    @Test
    void sendsLargeImagesToTheJobApi() {
        client.post().uri("/api/convert")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(TestImages.files("wide.png", TestImages.generated(2500, 2000, "png")))
                .exchange()
                .expectStatus().isEqualTo(413)
                .expectBody()
                .jsonPath("$.type").isEqualTo("/problems/too-large-for-sync")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("/api/jobs").contains("5.0 MP"));
    }
}
