package dev.darkroom.progress;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a piece of work stands: a job, or anything else followed by id. {@code status} is one of
 * queued, running, succeeded, failed, cancelled; the last three are terminal. {@code attempt}, when
 * known, counts the times the work was started: a new attempt may go back to queued or to 0%.
 * {@code stage}, when known, is a {@link Stage}'s name; {@code position}, for queued work, its place
 * in its line (1 is next); {@code etaSeconds}, for running work, the seconds it should still take,
 * estimated from the measured {@link Throughput} of its operation. web/PROTOCOL.md describes them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgressEvent(UUID jobId, String status, int progress, String error, Integer attempt, String stage,
                            Long position, Long etaSeconds) {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    /** An event that does not know which attempt it belongs to. */
    public ProgressEvent(UUID jobId, String status, int progress, String error) {
        this(jobId, status, progress, error, null);
    }

    /** An event without a stage, a position or an estimate. */
    public ProgressEvent(UUID jobId, String status, int progress, String error, Integer attempt) {
        this(jobId, status, progress, error, attempt, null, null, null);
    }

    /** This event at {@code stage}; queued work waiting at {@code position}. */
    public ProgressEvent at(Stage stage, Long position) {
        return new ProgressEvent(jobId, status, progress, error, attempt, stage == null ? null : stage.wire(), position,
                etaSeconds);
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
        if (terminal() || rank(status) > rank(earlier.status)) {
            return true;
        }
        if (rank(status) < rank(earlier.status)) {
            return false;
        }
        // Within one status: further along, or as far along at a later stage, or closer to the
        // front of the queue.
        return progress > earlier.progress
                || progress == earlier.progress && Stage.rank(stage) > Stage.rank(earlier.stage)
                || QUEUED.equals(status) && position != null && earlier.position != null && position < earlier.position;
    }

    private static int rank(String status) {
        return switch (status) {
            case QUEUED -> 0;
            case RUNNING -> 1;
            default -> 2;
        };
    }
}
