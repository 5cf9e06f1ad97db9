package dev.darkroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import dev.darkroom.support.RawHttp;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The Reactor Netty bug behind issue 14, on a bare Reactor Netty server with nothing of Darkroom
 * but {@link KeepAliveReads}. Two requests sent in one write make it certain rather than a race:
 * the second arrives while the first (answered from a timer thread) is still under way, so it is
 * queued, and it is answered at once when it is dequeued.
 */
class KeepAliveReadsTest {

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(1);

    @Test
    void reactorNettyAloneStopsReadingAfterAQueuedRequestAnsweredAtOnce() {
        assertThatThrownBy(() -> slowThenFastThenAnother(server -> server))
                .as("Reactor Netty %s answers now; KeepAliveReads can go", HttpServer.class.getPackage().getImplementationVersion())
                .isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void withKeepAliveReadsTheNextRequestIsAnswered() throws IOException {
        assertThat(slowThenFastThenAnother(server -> server.childObserve(new KeepAliveReads()))).isEqualTo(200);
    }

    @Test
    void keepsAnsweringRequestsSentOneAtATime() throws IOException {
        DisposableServer server = start(s -> s.childObserve(new KeepAliveReads()));
        try (RawHttp connection = new RawHttp(server.port(), ANSWER_WITHIN)) {
            for (int i = 0; i < 300; i++) {
                connection.send(RawHttp.request("GET", i % 2 == 0 ? "/slow" : "/fast"));
                assertThat(connection.read(false).status()).isEqualTo(200);
            }
        } finally {
            server.disposeNow();
        }
    }

    private static int slowThenFastThenAnother(UnaryOperator<HttpServer> configure) throws IOException {
        DisposableServer server = start(configure);
        try (RawHttp connection = new RawHttp(server.port(), ANSWER_WITHIN)) {
            connection.send(RawHttp.request("GET", "/slow") + RawHttp.request("GET", "/fast"));
            assertThat(connection.read(false).status()).isEqualTo(200);
            assertThat(connection.read(false).status()).isEqualTo(200);
            connection.send(RawHttp.request("GET", "/fast"));
            return connection.read(false).status();
        } finally {
            server.disposeNow();
        }
    }

    private static DisposableServer start(UnaryOperator<HttpServer> configure) {
        return configure.apply(HttpServer.create().host("127.0.0.1").port(0)
                        .route(routes -> routes
                                .get("/slow", (request, response) -> response.sendString(
                                        Mono.delay(Duration.ofMillis(20)).thenReturn("slow")))
                                .get("/fast", (request, response) -> response.sendString(Mono.just("fast")))))
                .bindNow();
    }
}
