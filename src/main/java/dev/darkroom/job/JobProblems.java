package dev.darkroom.job;

import java.util.UUID;

import org.springframework.http.HttpStatus;

import dev.darkroom.web.ApiException;
import dev.darkroom.web.ProblemType;

final class JobProblems {

    static final ProblemType NOT_FOUND = new ProblemType("job-not-found", HttpStatus.NOT_FOUND, "Job not found",
            "No job has this id. POST /api/jobs starts one.");
    static final ProblemType UNKNOWN_OPERATION =
            new ProblemType("unknown-operation", HttpStatus.BAD_REQUEST, "Unknown operation",
            "The operation is not one the service offers; GET /api/operations lists them with their parameters.");
    static final ProblemType IMAGES_NOT_FOUND = new ProblemType("image-not-found", HttpStatus.NOT_FOUND, "Image not found",
            "No image has this id, or it has been deleted. GET /api/images lists the images; upload with POST /api/images.");
    static final ProblemType NOT_READY = new ProblemType("result-not-ready", HttpStatus.CONFLICT, "Result not ready",
            "The job has not succeeded (yet): jobStatus says where it is. Follow its events, or retry a failed job.");
    static final ProblemType IMAGE_DELETED = new ProblemType("image-deleted", HttpStatus.GONE, "Image deleted",
            "The job's image has been deleted, and with it the job's result.");
    static final ProblemType NOT_CANCELLABLE =
            new ProblemType("job-not-cancellable", HttpStatus.CONFLICT, "Job has already ended",
            "The job has already succeeded, failed or been cancelled; only a queued or running job can be cancelled. "
                    + "POST /api/jobs/{id}/retry starts it again.");

    private JobProblems() {
    }

    static ApiException notFound(UUID id) {
        return NOT_FOUND.because("No job has id " + id + "; POST /api/jobs starts one").with("jobId", id);
    }
}
