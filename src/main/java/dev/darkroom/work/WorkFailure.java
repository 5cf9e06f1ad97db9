package dev.darkroom.work;

/**
 * A unit of work cannot succeed, for a reason meant for its user ("needs 2.1 GB of memory, this
 * worker has 1.4 GB"). It fails that unit alone, and is not retried by itself; {@link #retryable}
 * says whether a person asking again could succeed (another worker, a later moment).
 */
public class WorkFailure extends RuntimeException {

    private final boolean retryable;

    public WorkFailure(String reason) {
        this(reason, false, null);
    }

    public WorkFailure(String reason, boolean retryable, Throwable cause) {
        super(reason, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
