package dev.darkroom.web;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;

/**
 * The WebSocket sessions open on this instance. On shutdown each is closed with 1001 (going
 * away), first of all: browsers then reconnect at once, to another instance, and the server's
 * graceful shutdown does not wait out connections that would otherwise never end.
 */
@Component
class OpenSockets implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OpenSockets.class);

    private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    WebSocketHandler tracked(WebSocketHandler handler) {
        return session -> {
            sessions.add(session);
            return handler.handle(session).doFinally(signal -> sessions.remove(session));
        };
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (!sessions.isEmpty()) {
            log.info("Closing {} WebSocket sessions (1001 going away)", sessions.size());
        }
        Flux.fromIterable(sessions)
                .flatMap(session -> session.close(CloseStatus.GOING_AWAY).onErrorComplete())
                .then()
                .block(java.time.Duration.ofSeconds(5));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before everything else stops, the web server's graceful shutdown included. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
