package dev.darkroom.batch;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.darkroom.progress.ProgressEvent;

/**
 * One SSE event of a batch. It keeps the job events' {@code jobId} (holding the batch id) so one
 * client can follow jobs and batches with the same code, and says {@code batchId} for readers.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record BatchEvent(UUID jobId, UUID batchId, String status, int progress, String error) {

    static BatchEvent of(ProgressEvent event) {
        return new BatchEvent(event.jobId(), event.jobId(), event.status(), event.progress(), event.error());
    }
}
