package dev.darkroom.batch;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import dev.darkroom.webhook.Webhooks;
import tools.jackson.databind.JsonNode;

/**
 * A batch as clients see it. Members that do not apply to the current status (the queue position
 * of a running batch, the results of an unfinished one) are left out rather than sent as null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Batch")
record BatchView(
        UUID id,
        String status,
        int progress,
        @Nullable Long queuePosition,
        String message,
        int imageCount,
        int filterCount,
        int resultCount,
        int completed,
        int failed,
        @Nullable String error,
        @Nullable List<ItemError> errors,
        @Nullable List<Result> results,
        Instant createdAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        Map<String, String> links) {

    /** {@code name} is the image's, {@code filter} the filter's, both as submitted. */
    @Schema(name = "BatchResult")
    record Result(String name, String filter, @Nullable JsonNode params, int imageIndex, int filterIndex, String data) { }

    @Schema(name = "BatchItemError")
    record ItemError(String name, String filter, int imageIndex, int filterIndex, String detail) { }

    /** The answer to a submission: where to look next. */
    @Schema(name = "BatchAccepted")
    record Accepted(UUID id, String status, Map<String, String> links, Webhooks.@Nullable Callback callback) { }

    static Map<String, String> links(UUID id) {
        String self = "/api/batches/" + id;
        return Map.of("self", self, "events", self + "/events");
    }
}
