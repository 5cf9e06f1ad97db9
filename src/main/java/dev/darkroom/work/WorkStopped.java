package dev.darkroom.work;

/**
 * A unit of work was stopped before it finished: past its deadline, or cancelled. Thrown from the
 * next checkpoint (between steps, or a pixel loop's progress report), so a long loop ends soon
 * after and frees its thread and memory.
 */
public final class WorkStopped extends RuntimeException {

    public enum Why { DEADLINE, CANCELLED }

    private final Why why;

    WorkStopped(Why why, String reason) {
        super(reason, null, false, false);
        this.why = why;
    }

    public Why why() {
        return why;
    }
}
