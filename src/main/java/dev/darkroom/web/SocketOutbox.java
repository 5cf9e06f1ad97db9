package dev.darkroom.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.reactivestreams.Publisher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * The frames one WebSocket connection is to send, in the order they are given, with at most
 * {@link #BACKLOG} unsent. A client that far behind has stopped reading (a stalled network, a
 * frozen page): it is closed with {@code 1008}, and its handling ends, so it costs no more memory
 * however much happens meanwhile. The web app reconnects after any close and starts afresh.
 * <p>
 * Frames are given one at a time: each socket handles its client's messages and its live updates
 * in one sequence ({@link #withUpdates}), so that an answer and the updates after it leave in that
 * order.
 */
public final class SocketOutbox {

    public static final int BACKLOG = 1024;
    static final CloseStatus TOO_FAR_BEHIND = CloseStatus.POLICY_VIOLATION
            .withReason("More than " + BACKLOG + " frames unread; reconnect and start again");

    private static final Logger log = LoggerFactory.getLogger(SocketOutbox.class);

    private final Sinks.Many<Map<String, Object>> frames =
            Sinks.many().unicast().onBackpressureBuffer(Queues.<Map<String, Object>>get(BACKLOG).get());
    private final WebSocketSession session;

    public SocketOutbox(WebSocketSession session) {
        this.session = session;
    }

    /** What to send, for {@link WebSocketSession#send}. */
    public Flux<Map<String, Object>> frames() {
        return frames.asFlux();
    }

    /**
     * Queues {@code frame} (nothing if null). Past the backlog the connection is closed and this
     * fails with {@link FellBehind}, which ends the connection's handling and lets go of what it held.
     */
    public Mono<Void> send(Map<String, Object> frame) {
        if (frame == null || frames.tryEmitNext(frame) != Sinks.EmitResult.FAIL_OVERFLOW) {
            return Mono.empty();
        }
        log.info("Closing WebSocket connection {} ({}): {}", session.getId(), session.getHandshakeInfo().getUri().getPath(),
                TOO_FAR_BEHIND.getReason());
        // The close frame goes out behind the frames still unsent, should the client read them.
        session.close(TOO_FAR_BEHIND).subscribe(done -> { }, e -> { });
        return Mono.error(new FellBehind());
    }

    /**
     * A connection's text messages and its live {@code updates}, merged into the one sequence its
     * handler takes one item at a time. The updates end when the messages do: the client is gone.
     */
    public static Flux<Object> withUpdates(Flux<String> messages, Publisher<?>... updates) {
        return messages.cast(Object.class).publish(texts -> {
            List<Publisher<Object>> sources = new ArrayList<>();
            sources.add(texts);
            for (Publisher<?> more : updates) {
                sources.add(Flux.from(more).cast(Object.class).takeUntilOther(texts.ignoreElements()));
            }
            return Flux.merge(sources);
        });
    }

    /** {@code handling}, ended quietly when its client fell behind: the close is already on its way. */
    public static Mono<Void> endingQuietly(Mono<Void> handling) {
        return handling.onErrorResume(FellBehind.class, closed -> Mono.empty());
    }

    /** Ends a connection's handling; nothing more is sent on it, not even an error frame. */
    public static final class FellBehind extends RuntimeException {
        FellBehind() {
            super("the client fell " + BACKLOG + " frames behind", null, false, false);
        }
    }
}
