package dev.darkroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.TestImages;

/**
 * Bad input of every kind answers a 4xx problem a user can act on: never a 500, never a Java
 * class name or an exception's internals. Found by sending damaged images and odd parameters.
 */
@IntegrationTest
class BadInputIntegrationTest {

    @Autowired
    WebTestClient client;

    @LocalServerPort
    int port;

    @Test
    void aTruncatedJpegIsAnUnreadableImageOnBothSynchronousRoutes() {
        byte[] photo = TestImages.photo("chelsea.jpg");
        byte[] truncated = Arrays.copyOf(photo, photo.length / 3);
        for (String route : List.of("/api/convert", "/ascii")) {
            EntityExchangeResult<String> result = client.post().uri(route).contentType(MediaType.MULTIPART_FORM_DATA)
                    .bodyValue(TestImages.files("cut.jpg", truncated))
                    .exchange()
                    .expectStatus().isEqualTo(422)
                    .expectBody(String.class).returnResult();
            assertThat(result.getResponseBody()).as(route).contains("/problems/unreadable-image").contains("truncated");
            assertNoInternals(route, result.getResponseBody());
        }
    }

    @Test
    void aRequestWithoutItsFilePartIsABadRequest() {
        for (String route : List.of("/api/convert", "/ascii")) {
            client.post().uri(route).contentType(MediaType.MULTIPART_FORM_DATA)
                    .bodyValue(picture())
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.type").isEqualTo("/problems/no-file");
        }
    }

    private static org.springframework.util.MultiValueMap<String, org.springframework.http.HttpEntity<?>> picture() {
        var parts = new org.springframework.http.client.MultipartBodyBuilder();
        parts.part("picture", new org.springframework.core.io.ByteArrayResource(TestImages.photo("chelsea.jpg")) {
            @Override
            public String getFilename() {
                return "a.jpg";
            }
        });
        return parts.build();
    }

    @Test
    void mutatedImagesNeverGetA5xxNorLeakInternals() {
        Random random = new Random(10);
        List<byte[]> originals = List.of(TestImages.photo("chelsea.jpg"), TestImages.generated(64, 48, "png"),
                TestImages.generated(64, 48, "gif"), TestImages.generated(64, 48, "bmp"));
        List<String> failures = new ArrayList<>();
        for (int round = 0; round < 60; round++) {
            byte[] original = originals.get(round % originals.size());
            byte[] mutated = mutate(original, random);
            String route = round % 2 == 0 ? "/api/convert" : "/ascii?size=40";
            EntityExchangeResult<String> result = client.post().uri(route).contentType(MediaType.MULTIPART_FORM_DATA)
                    .bodyValue(TestImages.files("fuzz", mutated))
                    .exchange()
                    .expectBody(String.class).returnResult();
            int status = result.getStatus().value();
            String body = result.getResponseBody() == null ? "" : result.getResponseBody();
            if (status >= 500 || (status >= 400 && INTERNALS.matcher(body).find())) {
                failures.add(route + " round " + round + ": " + status + " " + body);
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void aCraftedCursorIsRefusedAsInvalid() {
        for (String raw : List.of("99999999999999:0:" + UUID.randomUUID(), "-99999999999:0:" + UUID.randomUUID(),
                "1:0:zz", "::")) {
            String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
            client.get().uri("/api/images?cursor={c}", cursor).exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.type").isEqualTo("/problems/invalid-cursor");
        }
        client.get().uri("/api/images?cursor=%%%").exchange().expectStatus().isBadRequest();
    }

    @Test
    void askingForXmlAnywhereIsNotAcceptableNotAnError() {
        for (String route : List.of("/api/images", "/api/jobs", "/api/operations", "/photos/pending", "/list",
                "/api/images/" + UUID.randomUUID(), "/api/session", "/status", "/api/keys", "/v3/api-docs", "/nowhere")) {
            EntityExchangeResult<String> result = client.get().uri(route).accept(MediaType.APPLICATION_XML).exchange()
                    .expectBody(String.class).returnResult();
            assertThat(result.getStatus().value()).as(route).isBetween(400, 499);
            assertNoInternals(route, result.getResponseBody());
        }
        EntityExchangeResult<String> post = client.post().uri("/api/convert").accept(MediaType.APPLICATION_XML)
                .contentType(MediaType.MULTIPART_FORM_DATA).bodyValue(TestImages.files("a.jpg", TestImages.photo("chelsea.jpg")))
                .exchange().expectBody(String.class).returnResult();
        assertThat(post.getStatus().value()).isEqualTo(406);
    }

    @Test
    void oddParametersAreBadRequests() {
        for (String route : List.of("/api/images?limit=abc", "/api/images?limit=-1", "/api/images?limit=99999999999",
                "/api/jobs?limit=abc", "/api/images/not-a-uuid", "/image/not-a-uuid", "/photos/%00",
                "/api/jobs/" + UUID.randomUUID() + "/results/x")) {
            EntityExchangeResult<String> result = client.get().uri(URI.create("http://localhost:" + port + route)).exchange()
                    .expectBody(String.class).returnResult();
            assertThat(result.getStatus().value()).as(route).isBetween(400, 499);
            assertNoInternals(route, result.getResponseBody());
        }
        for (String size : List.of("abc", "-1", "0", "1001", "99999999999", "1e3")) {
            EntityExchangeResult<String> result = client.post().uri("/ascii?size=" + size).contentType(MediaType.MULTIPART_FORM_DATA)
                    .bodyValue(TestImages.files("a.jpg", TestImages.photo("chelsea.jpg")))
                    .exchange().expectBody(String.class).returnResult();
            assertThat(result.getStatus().value()).as(size).isEqualTo(400);
            assertNoInternals(size, result.getResponseBody());
        }
    }

    /** The part is refused once the limit is passed while it streams in; nothing is written to disk on the way. */
    @Test
    void anOversizedPartIsRefusedWhileStreamingAndTheDiskStaysFlat() throws Exception {
        long partBytes = 200L * 1024 * 1024;
        // /ascii and /api/convert hold the file in memory, /upload stores it: all three read it as it
        // arrives, with their limit applied while reading.
        for (String route : List.of("/ascii", "/api/convert", "/upload")) {
            AtomicBoolean sending = new AtomicBoolean(true);
            AtomicLong peak = new AtomicLong();
            long before = spooled();
            Thread watcher = Thread.ofVirtual().start(() -> {
                while (sending.get()) {
                    peak.accumulateAndGet(spooled() - before, Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            String boundary = "darkroom-" + UUID.randomUUID();
            // A real photo first, so that /upload, which judges the file by its header before storing
            // it, takes it for the JPEG it claims to be and reads on.
            byte[] head = concat(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"huge.jpg\"\r\n"
                    + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII), TestImages.photo("chelsea.jpg"));
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            HttpResponse<String> response;
            try (HttpClient http = HttpClient.newHttpClient()) {
                response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + route))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Huge(head, partBytes, tail)))
                        .build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException closedMidUpload) {
                // The server may answer and close before the client has sent everything; then we
                // cannot read the answer here, but the disk check below still holds.
                response = null;
            } finally {
                sending.set(false);
                watcher.join();
            }
            if (response != null) {
                assertThat(response.statusCode()).as(route).isEqualTo(413);
                assertNoInternals(route, response.body());
            }
            assertThat(peak.get()).as("bytes spooled to disk by " + route).isLessThan(4L * 1024 * 1024);
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** Bytes in Spring's multipart spool directories, where a part read as a FilePart would be written. */
    private static long spooled() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> dirs = Files.list(tmp)) {
            return dirs.filter(p -> p.getFileName().toString().startsWith("spring-multipart")).mapToLong(dir -> {
                try (Stream<Path> files = Files.walk(dir)) {
                    return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
                } catch (IOException | java.io.UncheckedIOException gone) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    /** A multipart body of any size, made as it is read. */
    private static final class Huge extends InputStream {
        private final byte[] head;
        private final long size;
        private final byte[] tail;
        private long position;

        Huge(byte[] head, long size, byte[] tail) {
            this.head = head;
            this.size = size;
            this.tail = tail;
        }

        @Override
        public int read() {
            long total = head.length + size + tail.length;
            if (position >= total) {
                return -1;
            }
            long p = position++;
            if (p < head.length) {
                return head[(int) p] & 0xff;
            }
            if (p < head.length + size) {
                return p == head.length ? 0xff : (p == head.length + 1 ? 0xd8 : 0x20);
            }
            return tail[(int) (p - head.length - size)] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = 0;
            while (n < len) {
                int c = read();
                if (c < 0) {
                    return n == 0 ? -1 : n;
                }
                b[off + n++] = (byte) c;
            }
            return n;
        }
    }

    static final java.util.regex.Pattern INTERNALS = java.util.regex.Pattern.compile(
            "Exception|java\\.|javax\\.|sun\\.|module java|\\bat [a-z]+\\.|/ by zero|Raster|cannot be cast");

    private static void assertNoInternals(String what, String body) {
        assertThat(body == null ? "" : body).as(what).doesNotContainPattern(INTERNALS.pattern());
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] bytes = original.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                for (int i = 0; i < 1 + random.nextInt(20); i++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> bytes = Arrays.copyOf(bytes, 8 + random.nextInt(bytes.length - 8));
            case 2 -> {
                // Damage the header, where sizes and tables are.
                for (int i = 0; i < 1 + random.nextInt(6); i++) {
                    bytes[2 + random.nextInt(Math.min(600, bytes.length - 2))] = (byte) random.nextInt(256);
                }
            }
            default -> {
                int at = random.nextInt(bytes.length);
                int length = Math.min(bytes.length - at, 1 + random.nextInt(64));
                Arrays.fill(bytes, at, at + length, (byte) (random.nextBoolean() ? 0 : 0xff));
            }
        }
        return bytes;
    }
}
