package dev.darkroom.work;

import java.time.Duration;

import dev.darkroom.operation.Progress;
import reactor.core.publisher.Mono;

/**
 * One unit of work in progress (a job, a photo, a batch): its deadline and whether it was
 * cancelled. The pipeline checks it between steps and, through {@link #guard}, inside every pixel
 * loop's progress reports, so a run past its deadline or cancelled stops within one report.
 */
public final class Run {

    private final String what;
    private final Duration limit;
    private final Priority priority;
    private final long deadline;
    private volatile String cancelled;

    public Run(String what, Duration limit) {
        this(what, limit, Priority.normal);
    }

    /** @param priority the line its pixel work waits in for memory and threads */
    public Run(String what, Duration limit, Priority priority) {
        this.what = what;
        this.limit = limit;
        this.priority = priority;
        this.deadline = System.nanoTime() + limit.toNanos();
    }

    /** A run without a deadline, for work that is bounded otherwise (tests, tools). */
    public static Run unbounded(String what) {
        return new Run(what, Duration.ofDays(365));
    }

    public Priority priority() {
        return priority;
    }

    public void cancel(String reason) {
        cancelled = reason;
    }

    public boolean stopped() {
        return cancelled != null || System.nanoTime() - deadline > 0;
    }

    /** Throws {@link WorkStopped} if the run was cancelled or is past its deadline. */
    public void checkpoint() {
        if (cancelled != null) {
            throw new WorkStopped(WorkStopped.Why.CANCELLED, cancelled);
        }
        if (System.nanoTime() - deadline > 0) {
            throw new WorkStopped(WorkStopped.Why.DEADLINE, what + " took longer than its limit of " + human(limit));
        }
    }

    /** Progress that checks this run at every report. */
    public Progress guard(Progress progress) {
        return fraction -> {
            checkpoint();
            progress.report(fraction);
        };
    }

    /** The whole of a pipeline, I/O included, within the deadline. */
    public <T> Mono<T> within(Mono<T> work) {
        long remaining = Math.max(1, deadline - System.nanoTime());
        return work.timeout(Duration.ofNanos(remaining), Mono.defer(() -> {
            checkpoint();
            return Mono.error(new WorkStopped(WorkStopped.Why.DEADLINE, what + " took longer than its limit of " + human(limit)));
        }));
    }

    static String human(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + " ms";
        }
        if (d.toSeconds() < 120) {
            return d.toSeconds() + " s";
        }
        return d.toMinutes() % 60 == 0 && d.toHours() > 0 ? d.toHours() + " h" : d.toMinutes() + " min";
    }
}
