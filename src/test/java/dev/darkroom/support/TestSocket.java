package dev.darkroom.support;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A WebSocket client for tests, as the web app is: sends JSON frames, and waits for the frames it
 * expects. A test that waits in vain is told how the connection ended (a refused handshake, a
 * close status, an error), not only that nothing came.
 */
public final class TestSocket implements AutoCloseable {

    private final JsonMapper json;
    private final Sinks.Many<String> outgoing = Sinks.many().unicast().onBackpressureBuffer();
    private final BlockingQueue<JsonNode> unread = new LinkedBlockingQueue<>();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> ended = new AtomicReference<>();
    private final Disposable connection;

    /** Connects to {@code path}; {@code key} null connects without credentials. */
    public TestSocket(int port, String path, String key, JsonMapper json) {
        this.json = json;
        HttpHeaders headers = new HttpHeaders();
        if (key != null) {
            headers.setBearerAuth(key);
        }
        this.connection = new ReactorNettyWebSocketClient()
                .execute(URI.create("ws://localhost:" + port + path), headers, session -> Mono.when(
                        session.send(outgoing.asFlux().map(session::textMessage)),
                        session.receive()
                                .filter(message -> message.getType() == WebSocketMessage.Type.TEXT)
                                .map(message -> json.readTree(message.getPayloadAsText()))
                                .doOnNext(frame -> {
                                    received.add(frame);
                                    unread.add(frame);
                                })
                                .then(),
                        session.closeStatus().doOnNext(status -> ended.compareAndSet(null, "closed by the server: " + status)).then()))
                .subscribe(done -> { }, error -> ended.compareAndSet(null, "failed: " + error),
                        () -> ended.compareAndSet(null, "ended"));
    }

    public TestSocket send(Map<String, Object> frame) {
        outgoing.emitNext(json.writeValueAsString(frame), Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
        return this;
    }

    /** The next frame that satisfies {@code wanted}, skipping others; fails after {@code timeout}. */
    public JsonNode await(Predicate<JsonNode> wanted, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                JsonNode frame = unread.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (frame == null) {
                    String how = ended.get();
                    throw new AssertionError("no such frame within " + timeout + "; received " + received
                            + "; the connection " + (how == null ? "is open" : how));
                }
                if (wanted.test(frame)) {
                    return frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next frame of this {@code type}, within 30 s. */
    public JsonNode awaitType(String type) {
        return await(frame -> type.equals(frame.path("type").asString()), Duration.ofSeconds(30));
    }

    /** Everything received so far, read or not. */
    public List<JsonNode> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        outgoing.tryEmitComplete();
        connection.dispose();
    }
}
