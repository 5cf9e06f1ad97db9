package dev.darkroom.batch;

import java.util.UUID;

import org.springframework.http.HttpStatus;

import dev.darkroom.web.ApiException;
import dev.darkroom.web.ProblemType;

final class BatchProblems {

    static final ProblemType NOT_FOUND = new ProblemType("batch-not-found", HttpStatus.NOT_FOUND, "Batch not found",
            "No batch has this id. POST /api/batches starts one.");
    static final ProblemType TOO_LARGE =
            new ProblemType("batch-too-large", HttpStatus.CONTENT_TOO_LARGE, "Batch document too large",
            "The batch document is larger than a batch may be; split the images over several batches.");
    static final ProblemType MALFORMED = new ProblemType("malformed-batch", HttpStatus.BAD_REQUEST, "Batch document is not JSON",
            "The batch document is not JSON.");
    static final ProblemType NOT_CANCELLABLE =
            new ProblemType("batch-not-cancellable", HttpStatus.CONFLICT, "Batch has already ended",
            "The batch has already succeeded, failed or been cancelled; only a queued or running batch can be cancelled.");

    private BatchProblems() {
    }

    static ApiException notFound(UUID id) {
        return NOT_FOUND.because("No batch has id " + id + "; POST /api/batches starts one").with("batchId", id);
    }
}
