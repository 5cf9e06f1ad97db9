package dev.darkroom.web;

import io.netty.channel.EventLoop;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Upgrades every WebSocket on its connection's own event loop.
 * <p>
 * A handshake that reaches the upgrade on another thread (the database driver's, after the access
 * filter looked up a key or session it had not cached) races the client: the 101 is flushed by
 * the event loop while the upgrading thread has yet to hand the connection to the WebSocket, so a
 * first frame the client sends at once (the web app's gallery query, right after {@code open}) can
 * reach the finished HTTP exchange and be dropped. The client then waits for an answer forever.
 * On the event loop, switching the connection over and flushing the 101 are one task, and the
 * client's first frame is read after it.
 */
@Configuration(proxyBeanMethods = false)
class HandshakesOnTheEventLoop implements WebFluxConfigurer {

    @Override
    public WebSocketService getWebSocketService() {
        HandshakeWebSocketService handshakes = new HandshakeWebSocketService();
        return new WebSocketService() {
            @Override
            public Mono<Void> handleRequest(ServerWebExchange exchange, WebSocketHandler handler) {
                EventLoop loop = eventLoop(exchange);
                Mono<Void> upgrade = Mono.defer(() -> handshakes.handleRequest(exchange, handler));
                return loop == null || loop.inEventLoop() ? upgrade : upgrade.subscribeOn(Schedulers.fromExecutor(loop));
            }
        };
    }

    /** The event loop of the request's connection; null on a server that is not Reactor Netty. */
    static EventLoop eventLoop(ServerWebExchange exchange) {
        Object request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        return request instanceof reactor.netty.Connection connection ? connection.channel().eventLoop() : null;
    }
}
