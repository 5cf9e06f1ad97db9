package dev.darkroom.web;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Once the instance is shutting down (gracefully: answers under way are finished first), every
 * answer still going out says {@code Connection: close}. The server closes those connections after
 * the answer anyway; saying so lets a client that reuses connections open a new one, to another
 * instance, instead of sending its next request into a connection that is about to go.
 */
@Component
class ClosingConnectionsOnShutdown implements WebFilter {

    private volatile boolean stopping;

    @EventListener(ContextClosedEvent.class)
    void stopping() {
        stopping = true;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        exchange.getResponse().beforeCommit(() -> {
            if (stopping) {
                exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
            }
            return Mono.empty();
        });
        return chain.filter(exchange);
    }
}
