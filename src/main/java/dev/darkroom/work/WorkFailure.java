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

    /**
     * The reason recorded for a unit whose work broke in a way nobody foresaw: an id to find the
     * stack trace by in the log, never the exception's text (class names, "/ by zero").
     */
    public static String unexpected(Throwable e) {
        String id = java.util.UUID.randomUUID().toString();
        org.slf4j.LoggerFactory.getLogger(WorkFailure.class).error("Processing failed unexpectedly (error {})", id, e);
        return "processing failed unexpectedly (logged as " + id + ")";
    }
}
