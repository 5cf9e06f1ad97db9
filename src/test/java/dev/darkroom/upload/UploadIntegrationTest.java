package dev.darkroom.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.support.Api;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.TestImages;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class UploadIntegrationTest {

    @Autowired
    WebTestClient client;

    @Test
    void storesAnUploadAndGivesBackTheExactBytesWithItsType() {
        byte[] photo = TestImages.photo("coffee.jpg");
        JsonNode image = new Api(client).upload("coffee.jpg", photo);

        assertThat(image.get("filename").asString()).isEqualTo("coffee.jpg");
        assertThat(image.get("contentType").asString()).isEqualTo("image/jpeg");
        assertThat(image.get("sizeBytes").asLong()).isEqualTo(photo.length);
        assertThat(image.get("width").asInt()).isEqualTo(600);
        assertThat(image.get("height").asInt()).isEqualTo(400);
        assertThat(image.get("status").asString()).isEqualTo("pending");

        byte[] original = client.get().uri(image.get("links").get("original").asString()).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.IMAGE_JPEG)
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(original).isEqualTo(photo);

        client.get().uri("/api/images/{id}", image.get("id").asString()).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.width").isEqualTo(600).jsonPath("$.filename").isEqualTo("coffee.jpg");
    }

    @Test
    void recognisesTheTypeByContentNotByName() {
        JsonNode image = new Api(client).upload("actually-a-png.jpg", TestImages.generated(40, 30, "png"));

        assertThat(image.get("contentType").asString()).isEqualTo("image/png");
        assertThat(image.get("width").asInt()).isEqualTo(40);
    }

    @Test
    void acceptsEveryAdvertisedFormat() {
        for (String format : new String[] {"png", "gif", "bmp", "tiff"}) {
            JsonNode image = new Api(client).upload("x." + format, TestImages.generated(33, 21, format));
            assertThat(image.get("width").asInt()).as(format).isEqualTo(33);
            assertThat(image.get("height").asInt()).as(format).isEqualTo(21);
        }
    }

    @Test
    void readsTheSizeOfATiffWhoseDirectoryIsAtTheEndBeyondTheKeptHead() {
        byte[] tiff = tiffWithDirectoryAtTheEnd(400, 300);
        assertThat(tiff.length).as("larger than the head kept in memory").isGreaterThan(UploadStream.HEAD_BYTES);

        JsonNode image = new Api(client).upload("late-header.tiff", tiff);

        assertThat(image.get("contentType").asString()).isEqualTo("image/tiff");
        assertThat(image.get("width").asInt()).isEqualTo(400);
        assertThat(image.get("height").asInt()).isEqualTo(300);
    }

    /** Uncompressed RGB, one strip, the image file directory after the pixels, as TIFF allows. */
    static byte[] tiffWithDirectoryAtTheEnd(int width, int height) {
        int pixels = width * height * 3;
        int bitsPerSample = 8 + pixels;
        int directory = bitsPerSample + 6;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(directory + 2 + 9 * 12 + 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'I', 'I', 42, 0}).putInt(directory);
        for (int i = 0; i < pixels; i++) {
            b.put((byte) (i * 31));
        }
        b.putShort((short) 8).putShort((short) 8).putShort((short) 8);
        b.putShort((short) 9);
        int[][] entries = {
                {256, 4, 1, width}, {257, 4, 1, height}, {258, 3, 3, bitsPerSample}, {259, 3, 1, 1}, {262, 3, 1, 2},
                {273, 4, 1, 8}, {277, 3, 1, 3}, {278, 4, 1, height}, {279, 4, 1, pixels}};
        for (int[] e : entries) {
            b.putShort((short) e[0]).putShort((short) e[1]).putInt(e[2]);
            if (e[1] == 3 && e[2] == 1) {
                b.putShort((short) e[3]).putShort((short) 0);
            } else {
                b.putInt(e[3]);
            }
        }
        b.putInt(0);
        return b.array();
    }

    @Test
    void refusesTextNamedLikeAnImageWith415() {
        client.post().uri("/api/images")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(TestImages.files("notes.png", "just some text, not pixels".getBytes()))
                .exchange()
                .expectStatus().isEqualTo(415)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("/problems/unsupported-image-type")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("notes.png"));
    }

    @Test
    void refusesAFileOverTheSizeLimitWith413() {
        byte[] big = new byte[6 * 1024 * 1024];
        Arrays.fill(big, (byte) 0x55);
        big[0] = (byte) 0xFF;
        big[1] = (byte) 0xD8;
        big[2] = (byte) 0xFF;

        client.post().uri("/api/images")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(TestImages.files("huge.jpg", big))
                .exchange()
                .expectStatus().isEqualTo(413)
                .expectBody()
                .jsonPath("$.type").isEqualTo("/problems/file-too-large")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("5 MB"));
    }

    @Test
    void refusesAnEmptyFile() {
        client.post().uri("/api/images")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(TestImages.files("empty.jpg", new byte[0]))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("/problems/empty-file");
    }

    @Test
    void keepsTheGoodFilesOfABulkUploadAndListsTheRefusedOnes() {
        JsonNode body = client.post().uri("/api/images")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(TestImages.files(
                        "a.jpg", TestImages.photo("chelsea.jpg"),
                        "b.txt", "hello".getBytes(),
                        "c.png", TestImages.generated(20, 10, "png")))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(body.get("images")).hasSize(2);
        assertThat(body.get("images").get(0).get("filename").asString()).isEqualTo("a.jpg");
        assertThat(body.get("images").get(1).get("filename").asString()).isEqualTo("c.png");
        assertThat(body.get("rejected")).hasSize(1);
        assertThat(body.get("rejected").get(0).get("filename").asString()).isEqualTo("b.txt");
        assertThat(body.get("rejected").get(0).get("status").asInt()).isEqualTo(415);
    }

    @Test
    void asksForAPartNamedFile() {
        var body = new org.springframework.http.client.MultipartBodyBuilder();
        body.part("image", "x");
        client.post().uri("/api/images")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(body.build())
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("/problems/no-files");
    }

    @Test
    void listsImagesNewestFirstWithACursor() {
        Api api = new Api(client);
        UUID first = api.uploadId("one.png", TestImages.generated(10, 10, "png"));
        UUID second = api.uploadId("two.png", TestImages.generated(10, 10, "png"));
        UUID third = api.uploadId("three.png", TestImages.generated(10, 10, "png"));

        JsonNode page1 = client.get().uri("/api/images?limit=2").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(page1.get("images").get(0).get("id").asString()).isEqualTo(third.toString());
        assertThat(page1.get("images").get(1).get("id").asString()).isEqualTo(second.toString());

        JsonNode page2 = client.get().uri("/api/images?limit=2&cursor={c}", page1.get("next").asString()).exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(page2.get("images").get(0).get("id").asString()).isEqualTo(first.toString());
    }

    @Test
    void listsTheFilesOfOneRequestNewestFirstInTheOrderTheyWereSent() {
        // One request's rows are written by one statement, in one transaction: without a time
        // apart for each, they would tie and list in the random order of their ids.
        JsonNode sent = client.post().uri("/api/images").contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(TestImages.files(
                        "1.png", TestImages.generated(11, 10, "png"), "2.png", TestImages.generated(12, 10, "png"),
                        "3.png", TestImages.generated(13, 10, "png"), "4.png", TestImages.generated(14, 10, "png"),
                        "5.png", TestImages.generated(15, 10, "png")))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();

        JsonNode listed = client.get().uri("/api/images?limit=5").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("images");
        for (int i = 0; i < 5; i++) {
            assertThat(listed.get(i).get("id").asString()).as("listed %d", i)
                    .isEqualTo(sent.get("images").get(4 - i).get("id").asString());
        }
    }

    @Test
    void answersManyImagesByIdInOneRequestInTheOrderAsked() {
        Api api = new Api(client);
        UUID first = api.uploadId("one.png", TestImages.generated(16, 10, "png"));
        UUID second = api.uploadId("two.png", TestImages.generated(17, 10, "png"));
        UUID unknown = UUID.randomUUID();

        JsonNode images = client.get().uri("/api/images?ids={ids}", second + "," + unknown + "," + first).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody().get("images");
        assertThat(images).hasSize(2);
        assertThat(images.get(0).get("id").asString()).isEqualTo(second.toString());
        assertThat(images.get(1).get("id").asString()).isEqualTo(first.toString());
        assertThat(images.get(0).get("status").asString()).isIn("pending", "processing", "completed");

        client.get().uri("/api/images?ids={ids}&cursor=x", first).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("ids and cursor"));
        String tooMany = String.join(",", java.util.Collections.nCopies(101, first.toString()));
        client.get().uri("/api/images?ids={ids}", tooMany).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("between 1 and 100"));
        client.get().uri("/api/images?ids=not-an-id").exchange().expectStatus().isBadRequest();
    }

    @Test
    void answersProblemsForUnknownAndMalformedIds() {
        client.get().uri("/api/images/{id}", UUID.randomUUID()).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("/problems/image-not-found");
        client.get().uri("/api/images/not-a-uuid").exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.type").isEqualTo("/problems/invalid-id")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("not-a-uuid"));
        client.get().uri("/api/images?cursor=garbage").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("/problems/invalid-cursor");
    }
}
