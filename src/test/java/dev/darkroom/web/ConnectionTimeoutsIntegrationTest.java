package dev.darkroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.RawHttp;

/**
 * Connections whose clients stop sending are closed: in the middle of a request's head, in the
 * middle of its body, and between requests. The limits are short here so the test is quick; this
 * API-only instance runs no workers, so it takes no messages from the other tests' instance.
 */
@IntegrationTest
@TestPropertySource(properties = {
        "darkroom.role=api",
        "darkroom.http.header-timeout=1s",
        "darkroom.http.body-read-timeout=1s",
        "server.netty.idle-timeout=3s"})
@ExtendWith(OutputCaptureExtension.class)
class ConnectionTimeoutsIntegrationTest {

    /** Comfortably more than any limit above, so a slow machine does not fail the test. */
    private static final Duration WAIT = Duration.ofSeconds(8);

    @LocalServerPort
    int port;

    @Test
    void closesAConnectionWhoseRequestLineStopsHalfWayWithA408() throws IOException {
        try (RawHttp connection = new RawHttp(port, WAIT)) {
            connection.send("GET /api/oper");

            RawHttp.Response answer = connection.read(false);

            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.closesConnection()).isTrue();
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("/problems/request-timeout");
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void closesAConnectionThatTricklesItsHeadersFasterThanAnyPauseLimit() throws IOException, InterruptedException {
        try (RawHttp connection = new RawHttp(port, WAIT)) {
            long started = System.nanoTime();
            byte[] head = RawHttp.request("GET", "/api/operations").getBytes(StandardCharsets.ISO_8859_1);
            int sent = 0;
            try {
                // One byte each 200 ms: never a pause of a second, but the whole head would take 7 s.
                for (; sent < head.length - 1; sent++) {
                    connection.send(new byte[] {head[sent]});
                    Thread.sleep(200);
                }
            } catch (IOException closed) {
                // the server closed the connection under the writes
            }
            assertThat(connection.closedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(sent).isLessThan(head.length - 1);
        }
    }

    @Test
    void closesAConnectionWhoseBodyStopsArrivingWithA408(CapturedOutput log) throws IOException {
        try (RawHttp connection = new RawHttp(port, WAIT)) {
            connection.send("POST /api/jobs HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 500\r\n\r\n{\"imageIds\":[");

            RawHttp.Response answer = connection.read(false);

            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.closesConnection()).isTrue();
            assertThat(connection.closedByServer()).isTrue();
        }
        // The handler waiting for that body sees the connection close: the client's doing, not an error of ours.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> !log.getAll().contains("Unhandled error") && !log.getAll().contains("500 Server Error"));
    }

    @Test
    void keepsAnIdleConnectionOpenUntilTheIdleTimeoutThenClosesIt() throws IOException, InterruptedException {
        try (RawHttp connection = new RawHttp(port, WAIT)) {
            // Pauses longer than the header timeout between whole requests are fine: its clock
            // starts with a request's first byte.
            for (int i = 0; i < 2; i++) {
                connection.send(RawHttp.request("GET", "/api/operations"));
                RawHttp.Response answer = connection.read(false);
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.closesConnection()).isFalse();
                Thread.sleep(1500);
            }
            long idleSince = System.nanoTime() - Duration.ofMillis(1500).toNanos();
            connection.timeout(Duration.ofMillis(500));
            assertThat(connection.closedByServer()).as("closed within 2 s of the last answer").isFalse();

            connection.timeout(WAIT);
            assertThat(connection.closedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - idleSince)).isLessThan(Duration.ofSeconds(6));
        }
    }

    @Test
    void closesAConnectionThatNeverSendsARequest() throws IOException {
        try (RawHttp connection = new RawHttp(port, WAIT)) {
            long started = System.nanoTime();

            assertThat(connection.closedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(6));
        }
    }
}
