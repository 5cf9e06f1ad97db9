package dev.darkroom.job;

import java.time.Instant;
import java.util.UUID;

import dev.darkroom.work.Priority;

/**
 * A row of {@code jobs}: one operation on one image. {@code params} is the JSON as submitted;
 * {@code stalled} says the job is running but its worker has stopped renewing its lease;
 * {@code retryable}, for a job that failed, whether running it again could succeed; {@code owner}
 * is its image's; {@code priority} the line it waits in.
 */
public record Job(
        UUID id,
        UUID owner,
        UUID imageId,
        String operation,
        String params,
        JobStatus status,
        int progress,
        String error,
        String resultKey,
        String resultContentType,
        int attempts,
        String stage,
        boolean stalled,
        boolean retryable,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Priority priority) {
}
