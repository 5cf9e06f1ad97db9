package dev.darkroom.job;

import java.util.UUID;

import org.springframework.http.HttpStatus;

import dev.darkroom.web.ApiException;
import dev.darkroom.web.ProblemType;

final class JobProblems {

    static final ProblemType NOT_FOUND = new ProblemType("job-not-found", HttpStatus.NOT_FOUND, "Job not found");
    static final ProblemType UNKNOWN_OPERATION =
            new ProblemType("unknown-operation", HttpStatus.BAD_REQUEST, "Unknown operation");
    static final ProblemType IMAGES_NOT_FOUND = new ProblemType("image-not-found", HttpStatus.NOT_FOUND, "Image not found");
    static final ProblemType NOT_READY = new ProblemType("result-not-ready", HttpStatus.CONFLICT, "Result not ready");
    static final ProblemType NOT_CANCELLABLE =
            new ProblemType("job-not-cancellable", HttpStatus.CONFLICT, "Job has already ended");

    private JobProblems() {
    }

    static ApiException notFound(UUID id) {
        return NOT_FOUND.because("No job has id " + id + "; POST /api/jobs starts one").with("jobId", id);
    }
}
