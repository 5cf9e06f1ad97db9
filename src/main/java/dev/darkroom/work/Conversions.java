package dev.darkroom.work;

import java.util.concurrent.Callable;
import java.util.function.Function;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Where all pixel work runs: on the bounded conversion scheduler, within a memory reservation,
 * under its run's deadline and cancellation, and with every {@link Error} turned into a failure of
 * that unit alone. Reactor rethrows JVM errors such as OutOfMemoryError past every operator, so
 * they are caught here, before Reactor sees them; otherwise one image that runs a worker out of
 * heap would leave its job running forever and its slot and message held.
 */
public final class Conversions {

    private final Scheduler scheduler;
    private final MemoryBudget budget;
    private final Admission threads;

    /**
     * @param threads the scheduler's threads: pixel steps are admitted to it at most this many at
     *                once, high priority first, so the scheduler's own first-come queue never holds
     *                an interactive step behind a backlog of bulk ones
     */
    public Conversions(Scheduler scheduler, int threads, MemoryBudget budget) {
        this.scheduler = scheduler;
        this.threads = new Admission(threads);
        this.budget = budget;
    }

    public MemoryBudget budget() {
        return budget;
    }

    /**
     * Runs {@code work} once {@code bytes} of memory are reserved for it.
     *
     * @param what names the work in a failure a user reads, e.g. "the 10950x10950 PNG"
     */
    public <T> Mono<T> run(String what, long bytes, Run run, Callable<T> work) {
        return reserving(what, bytes, run.priority(), reserved -> compute(what, run, work));
    }

    /**
     * Holds {@code bytes} of memory while {@code steps} run (several {@link #compute} calls over
     * one image, say), and gives them back however the steps end.
     */
    public <T> Mono<T> reserving(String what, long bytes, Function<MemoryBudget.Reservation, Mono<T>> steps) {
        return reserving(what, bytes, Priority.normal, steps);
    }

    /** The same, waiting for memory in {@code priority}'s line. */
    public <T> Mono<T> reserving(String what, long bytes, Priority priority,
                                 Function<MemoryBudget.Reservation, Mono<T>> steps) {
        return Mono.usingWhen(budget.reserve(bytes, what, priority), steps,
                reservation -> Mono.fromRunnable(reservation::release),
                (reservation, error) -> Mono.fromRunnable(reservation::release),
                reservation -> Mono.fromRunnable(reservation::release));
    }

    /** One step of pixel work, memory already reserved by the caller. */
    public <T> Mono<T> compute(String what, Run run, Callable<T> work) {
        return Mono.usingWhen(threads.acquire(1, run.priority()), thread -> step(what, run, work),
                thread -> Mono.fromRunnable(thread::release),
                (thread, error) -> Mono.fromRunnable(thread::release),
                thread -> Mono.fromRunnable(thread::release));
    }

    private <T> Mono<T> step(String what, Run run, Callable<T> work) {
        return Mono.fromCallable(() -> {
            try {
                run.checkpoint();
                return work.call();
            } catch (OutOfMemoryError e) {
                throw new WorkFailure(what + " needed more memory than this worker had free (" + e.getMessage()
                        + "); it may work on a worker with a larger heap", true, e);
            } catch (StackOverflowError e) {
                throw new WorkFailure(what + " could not be processed (its structure is too deeply nested)", false, e);
            } catch (Error e) {
                throw new WorkFailure(what + " could not be processed (" + e.getClass().getSimpleName() + ")", true, e);
            }
        }).subscribeOn(scheduler);
    }
}
