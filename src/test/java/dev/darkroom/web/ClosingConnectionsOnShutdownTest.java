package dev.darkroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;

class ClosingConnectionsOnShutdownTest {

    private final ClosingConnectionsOnShutdown filter = new ClosingConnectionsOnShutdown();

    private final WebFilterChain answer = exchange -> {
        exchange.getResponse().setStatusCode(HttpStatus.OK);
        return exchange.getResponse().setComplete();
    };

    @Test
    void leavesConnectionsOpenWhileRunning() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/operations"));

        filter.filter(exchange, answer).block();

        assertThat(exchange.getResponse().getHeaders().getConnection()).isEmpty();
    }

    @Test
    void answersWithConnectionCloseOnceShuttingDown() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/operations"));

        filter.stopping();
        filter.filter(exchange, answer).block();

        assertThat(exchange.getResponse().getHeaders().getConnection()).containsExactly("close");
    }
}
