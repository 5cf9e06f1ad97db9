package dev.darkroom.job;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code jobs}: one operation on one image. {@code params} is the JSON as submitted. */
public record Job(
        UUID id,
        UUID imageId,
        String operation,
        String params,
        JobStatus status,
        int progress,
        String error,
        String resultKey,
        String resultContentType,
        int attempts,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {
}
