package dev.darkroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.support.Api;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.RawHttp;
import dev.darkroom.support.TestImages;

/**
 * Issue 14: a scripted client that keeps one connection open must get an answer to every request.
 * The mix is what such clients send: fast routes answered on the event loop, routes that wait for
 * the database, quick 4xx answers with and without a body the server leaves unread, HEAD requests,
 * a streamed download, and two requests sent in one write.
 */
@IntegrationTest
class KeepAliveIntegrationTest {

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(1);
    private static final int REQUESTS = 1_000;

    @Autowired
    WebTestClient client;

    @LocalServerPort
    int port;

    /** Requests sent in one write, the answers expected, and a check on the last answer. */
    record Step(String name, byte[] wire, boolean head, int[] statuses, Consumer<RawHttp.Response> check) {

        static Step of(String name, String request, int status) {
            return new Step(name, request.getBytes(StandardCharsets.ISO_8859_1), request.startsWith("HEAD"),
                    new int[] {status}, response -> { });
        }

        static Step of(String name, byte[] request, int status) {
            return new Step(name, request, false, new int[] {status}, response -> { });
        }

        Step then(Consumer<RawHttp.Response> check) {
            return new Step(name, wire, head, statuses, check);
        }
    }

    @Test
    void answersEveryRequestOnOneKeptAliveConnection() throws IOException {
        byte[] photo = TestImages.photo("coffee.jpg");
        UUID image = new Api(client).uploadId("coffee.jpg", photo);
        List<Step> steps = mix(image, photo);

        // Warm up, a connection per request, so that class loading and the JIT on first use are
        // not counted against the one-second answer below.
        for (Step step : steps) {
            try (RawHttp warmUp = new RawHttp(port, Duration.ofSeconds(30))) {
                exchange(warmUp, step);
            }
        }

        try (RawHttp connection = new RawHttp(port, ANSWER_WITHIN)) {
            int localPort = connection.localPort();
            int sent = 0;
            String previous = "nothing";
            for (int round = 0; sent < REQUESTS; round++) {
                for (Step step : steps) {
                    long started = System.nanoTime();
                    try {
                        List<RawHttp.Response> answers = exchange(connection, step);
                        assertThat(answers).as("%s on connection from port %d", step.name(), localPort)
                                .noneMatch(RawHttp.Response::closesConnection);
                    } catch (SocketTimeoutException stalled) {
                        fail("request %d (%s, right after %s) got no answer within %s on the kept-alive connection from port %d",
                                sent, step.name(), previous, ANSWER_WITHIN, localPort);
                    }
                    Duration took = Duration.ofNanos(System.nanoTime() - started);
                    assertThat(took).as("request %d (%s)", sent, step.name()).isLessThan(ANSWER_WITHIN);
                    sent += step.statuses().length;
                    previous = step.name();
                }
            }
            assertThat(connection.localPort()).isEqualTo(localPort);
            assertThat(exchange(connection, steps.getFirst())).as("the connection is still open after %d requests", sent)
                    .hasSize(1);
        }
    }

    private static List<RawHttp.Response> exchange(RawHttp connection, Step step) throws IOException {
        connection.send(step.wire());
        List<RawHttp.Response> answers = new ArrayList<>();
        for (int status : step.statuses()) {
            RawHttp.Response response = connection.read(step.head());
            assertThat(response.status()).as(step.name()).isEqualTo(status);
            answers.add(response);
        }
        step.check().accept(answers.getLast());
        return answers;
    }

    private static List<Step> mix(UUID image, byte[] photo) {
        String original = "/api/images/" + image + "/original";
        byte[] unreadText = new byte[64 * 1024];
        Arrays.fill(unreadText, (byte) 'x');
        byte[] textUpload = ("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nthese are notes, not a photo\r\n--b--\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] pipelined = (RawHttp.request("GET", "/api/jobs?limit=1") + RawHttp.request("GET", "/api/operations"))
                .getBytes(StandardCharsets.ISO_8859_1);
        return List.of(
                Step.of("GET /api/operations", RawHttp.request("GET", "/api/operations"), 200),
                Step.of("GET /api/images?limit=1", RawHttp.request("GET", "/api/images?limit=1"), 200),
                Step.of("GET /api/jobs?limit=1", RawHttp.request("GET", "/api/jobs?limit=1"), 200),
                Step.of("HEAD /api/operations", RawHttp.request("HEAD", "/api/operations"), 200),
                Step.of("400 GET /api/images?limit=0", RawHttp.request("GET", "/api/images?limit=0"), 400),
                Step.of("GET original (streamed)", RawHttp.request("GET", original), 200)
                        .then(response -> assertThat(response.body()).isEqualTo(photo)),
                Step.of("415 upload of a text file", RawHttp.request("POST", "/api/images", "multipart/form-data; boundary=b",
                        textUpload), 415),
                Step.of("415 POST /api/jobs, 64 KiB body left unread", RawHttp.request("POST", "/api/jobs", "text/plain",
                        unreadText), 415),
                Step.of("HEAD original", RawHttp.request("HEAD", original), 200)
                        .then(response -> assertThat(response.header("Content-Length")).isEqualTo(String.valueOf(photo.length))),
                Step.of("400 POST /api/jobs, malformed JSON", RawHttp.request("POST", "/api/jobs", "application/json",
                        "{\"imageIds\":".getBytes(StandardCharsets.UTF_8)), 400),
                Step.of("405 POST /api/operations, body left unread", RawHttp.request("POST", "/api/operations", "text/plain",
                        Arrays.copyOf(unreadText, 8 * 1024)), 405),
                new Step("GET /api/jobs?limit=1 and GET /api/operations in one write", pipelined, false, new int[] {200, 200},
                        response -> { }),
                Step.of("GET /api/operations", RawHttp.request("GET", "/api/operations"), 200));
    }
}
