package dev.darkroom.progress;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a piece of work stands: a job, or anything else followed by id. {@code status} is one of
 * queued, running, succeeded, failed; the last two are terminal.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgressEvent(UUID jobId, String status, int progress, String error) {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    public boolean terminal() {
        return SUCCEEDED.equals(status) || FAILED.equals(status);
    }

    /** Whether this event may follow {@code earlier} without going backwards. */
    public boolean isAfter(ProgressEvent earlier) {
        if (earlier == null) {
            return true;
        }
        if (earlier.terminal()) {
            return false;
        }
        return terminal() || rank(status) > rank(earlier.status)
                || rank(status) == rank(earlier.status) && progress > earlier.progress;
    }

    private static int rank(String status) {
        return switch (status) {
            case QUEUED -> 0;
            case RUNNING -> 1;
            default -> 2;
        };
    }
}
