package dev.darkroom.work;

/**
 * A unit of work cannot succeed, for a reason meant for its user ("needs 2.1 GB of memory, this
 * worker has 1.4 GB"). It fails that unit alone; retrying would not help.
 */
public class WorkFailure extends RuntimeException {

    public WorkFailure(String reason) {
        super(reason);
    }

    public WorkFailure(String reason, Throwable cause) {
        super(reason, cause);
    }
}
