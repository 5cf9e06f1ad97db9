package dev.darkroom.batch;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/** A stored batch: its state, and where its inputs and results are kept. */
record Batch(
        UUID id,
        BatchStatus status,
        int progress,
        List<Input> images,
        List<Filter> filters,
        List<Result> results,
        List<ItemError> errors,
        int completed,
        int failed,
        String error,
        int attempts,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    /** One submitted image; {@code key} is where its bytes are stored, as they were sent. */
    record Input(String name, String key, String format, int width, int height, long bytes) {

        long pixels() {
            return (long) width * height;
        }
    }

    /** One submitted filter, already validated; {@code params} may be null for all defaults. */
    record Filter(String name, JsonNode params) { }

    /** The PNG made from image {@code image} by filter {@code filter} (indexes as submitted). */
    record Result(int image, int filter, String key) { }

    record ItemError(int image, int filter, String detail) { }

    int expectedResults() {
        return images.size() * filters.size();
    }
}
