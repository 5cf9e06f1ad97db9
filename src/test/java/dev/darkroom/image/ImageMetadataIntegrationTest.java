package dev.darkroom.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.support.Api;
import dev.darkroom.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** Image metadata gives the size a person sees (EXIF-oriented) beside the size stored in the file. */
@IntegrationTest
class ImageMetadataIntegrationTest {

    @Autowired
    WebTestClient client;

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = ImageMetadataIntegrationTest.class.getResourceAsStream("/decoder/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aPortraitStoredOnItsSideIsReportedAsDisplayedAndAsStored() throws IOException {
        Api api = new Api(client);
        // Stored 40 wide and 60 tall, tagged "turn 90° clockwise": displayed it is 60x40, as its thumbnail is.
        JsonNode uploaded = api.upload("phone.jpg", fixture("orientation-6.jpg"));
        JsonNode image = api.client().get().uri("/api/images/{id}", uploaded.get("id").asString()).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();

        for (JsonNode view : new JsonNode[] {uploaded, image}) {
            assertThat(view.get("width").asInt()).isEqualTo(60);
            assertThat(view.get("height").asInt()).isEqualTo(40);
            assertThat(view.get("storedWidth").asInt()).isEqualTo(40);
            assertThat(view.get("storedHeight").asInt()).isEqualTo(60);
            assertThat(view.get("orientation").asInt()).isEqualTo(6);
        }
    }

    @Test
    void anUprightImageHasOneSize() throws IOException {
        UUID id = new Api(client).uploadId("upright.jpg", fixture("orientation-1.jpg"));
        JsonNode image = client.get().uri("/api/images/{id}", id).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(image.get("width").asInt()).isEqualTo(image.get("storedWidth").asInt());
        assertThat(image.get("height").asInt()).isEqualTo(image.get("storedHeight").asInt());
        assertThat(image.get("orientation").asInt()).isEqualTo(1);
    }

    @Test
    void theOrientationIsReadFromAFileOnDiskAsFromItsHead(@TempDir Path dir) throws IOException {
        for (int orientation = 1; orientation <= 8; orientation++) {
            byte[] bytes = fixture("orientation-" + orientation + ".jpg");
            Path file = Files.write(dir.resolve(orientation + ".jpg"), bytes);
            ImageHeader fromDisk = ImageHeader.read(ImageFormat.JPEG, file);
            ImageHeader fromHead = ImageHeader.fromHead(ImageFormat.JPEG, bytes).orElseThrow();
            assertThat(fromDisk).isEqualTo(fromHead);
            assertThat(fromDisk.orientation()).isEqualTo(orientation);
            assertThat(fromDisk.displayedWidth()).isEqualTo(60);
            assertThat(fromDisk.displayedHeight()).isEqualTo(40);
        }
    }
}
