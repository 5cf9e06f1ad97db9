package dev.darkroom.progress;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a piece of work stands: a job, or anything else followed by id. {@code status} is one of
 * queued, running, succeeded, failed, cancelled; the last three are terminal. {@code attempt}, when
 * known, counts the times the work was started: a new attempt may go back to queued or to 0%.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgressEvent(UUID jobId, String status, int progress, String error, Integer attempt) {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    /** An event that does not know which attempt it belongs to. */
    public ProgressEvent(UUID jobId, String status, int progress, String error) {
        this(jobId, status, progress, error, null);
    }

    public boolean terminal() {
        return SUCCEEDED.equals(status) || FAILED.equals(status) || CANCELLED.equals(status);
    }

    /** Whether this event may follow {@code earlier} without going backwards. */
    public boolean isAfter(ProgressEvent earlier) {
        if (earlier == null) {
            return true;
        }
        if (earlier.terminal()) {
            return false;
        }
        // Work whose worker vanished is put back in line: its next attempt starts over.
        if (attempt != null && earlier.attempt != null && !attempt.equals(earlier.attempt)) {
            return attempt > earlier.attempt;
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
