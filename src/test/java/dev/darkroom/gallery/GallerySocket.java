package dev.darkroom.gallery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.darkroom.support.TestSocket;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A gallery client for tests, with the gallery protocol's query and page on top of {@link TestSocket}. */
final class GallerySocket implements AutoCloseable {

    private final TestSocket socket;

    GallerySocket(int port, JsonMapper json) {
        this.socket = new TestSocket(port, "/ws/gallery", null, json);
    }

    GallerySocket send(Map<String, Object> frame) {
        socket.send(frame);
        return this;
    }

    /** The next frame that satisfies {@code wanted}, skipping others; fails after {@code timeout}. */
    JsonNode await(Predicate<JsonNode> wanted, Duration timeout) {
        return socket.await(wanted, timeout);
    }

    JsonNode awaitType(String type) {
        return socket.awaitType(type);
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
        return socket.received();
    }

    @Override
    public void close() {
        socket.close();
    }
}
