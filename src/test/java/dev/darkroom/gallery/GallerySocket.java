package dev.darkroom.gallery;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A gallery client for tests: sends frames, and waits for the frames it expects. */
final class GallerySocket implements AutoCloseable {

    private final JsonMapper json;
    private final Sinks.Many<String> outgoing = Sinks.many().unicast().onBackpressureBuffer();
    private final BlockingQueue<JsonNode> unread = new LinkedBlockingQueue<>();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final Disposable connection;

    GallerySocket(int port, JsonMapper json) {
        this.json = json;
        this.connection = new ReactorNettyWebSocketClient().execute(URI.create("ws://localhost:" + port + "/ws/gallery"),
                session -> Mono.when(
                        session.send(outgoing.asFlux().map(session::textMessage)),
                        session.receive()
                                .filter(message -> message.getType() == WebSocketMessage.Type.TEXT)
                                .map(message -> json.readTree(message.getPayloadAsText()))
                                .doOnNext(frame -> {
                                    received.add(frame);
                                    unread.add(frame);
                                })
                                .then()))
                .subscribe();
    }

    GallerySocket send(Map<String, Object> frame) {
        outgoing.emitNext(json.writeValueAsString(frame), Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
        return this;
    }

    /** The next frame that satisfies {@code wanted}, skipping others; fails after {@code timeout}. */
    JsonNode await(Predicate<JsonNode> wanted, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                JsonNode frame = unread.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (frame == null) {
                    throw new AssertionError("no such frame within " + timeout + "; received " + received);
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

    JsonNode awaitType(String type) {
        return await(frame -> type.equals(frame.path("type").asString()), Duration.ofSeconds(30));
    }

    /** The answer to query or more number {@code queryId}. */
    JsonNode page(long queryId) {
        return await(frame -> "images".equals(frame.path("type").asString()) && frame.path("queryId").asLong() == queryId,
                Duration.ofSeconds(30));
    }

    JsonNode query(int hue, long queryId) {
        return send(Map.of("type", "query", "hue", hue, "queryId", queryId)).page(queryId);
    }

    /** Everything received so far, read or not. */
    List<JsonNode> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        outgoing.tryEmitComplete();
        connection.dispose();
    }
}
