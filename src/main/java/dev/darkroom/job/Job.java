package dev.darkroom.job;

import java.time.Instant;
import java.util.UUID;

import dev.darkroom.work.Priority;

/**
 * A row of {@code jobs}: one operation on one image. {@code params} is the JSON as submitted;
 * {@code stalled} says the job is running but its worker has stopped renewing its lease;
 * {@code retryable}, for a job that failed, whether running it again could succeed; {@code owner}
 * is its image's. {@code reusedFrom} names the job that made the result this job took over (its
 * input, operation and parameters were the same); {@code resultVariants} are the other encodings of
 * a format-auto result, by media type; {@code priority} the line it waits in.
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
        UUID reusedFrom,
        java.util.Map<String, String> resultVariants,
        Priority priority) {

    /** The stored key of the result in this media type: the main result, or one of its variants. */
    public String resultKey(String mediaType) {
        return mediaType.equals(resultContentType) ? resultKey : resultVariants.get(mediaType);
    }
}
