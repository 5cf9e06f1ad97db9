package dev.darkroom.work;

import java.util.Locale;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Admits pixel work by the memory it will hold. Each unit reserves its estimated peak (decoded
 * pixels × bytes per pixel × the copies its steps keep alive) before it starts and gives it back
 * when it ends. A unit that can never fit fails at once, saying so with the numbers; one that
 * fits later waits, without holding a thread, in its priority's line (see {@link Admission}). Without this a single
 * large image runs the heap out, and with it every job in flight.
 */
public final class MemoryBudget {

    private final Admission admission;

    public MemoryBudget(long total, MeterRegistry metrics) {
        this.admission = new Admission(total);
        Gauge.builder("darkroom.memory.budget", () -> total).tag("state", "total").baseUnit("bytes")
                .description("Memory that pixel work may reserve, and how much is reserved").register(metrics);
        Gauge.builder("darkroom.memory.budget", this, MemoryBudget::reserved).tag("state", "reserved").baseUnit("bytes")
                .description("Memory that pixel work may reserve, and how much is reserved").register(metrics);
        Gauge.builder("darkroom.memory.waiting", this, MemoryBudget::waiters)
                .description("Units of pixel work waiting for memory").register(metrics);
    }

    public long total() {
        return admission.total();
    }

    long reserved() {
        return admission.taken();
    }

    int waiters() {
        return admission.waiting();
    }

    /** A reservation of {@code bytes} for bulk work, when they are free; an error if they never can be. */
    public Mono<Reservation> reserve(long bytes, String what) {
        return reserve(bytes, what, Priority.normal);
    }

    /** The same, in {@code priority}'s line: high work is admitted before any normal work waiting. */
    public Mono<Reservation> reserve(long bytes, String what, Priority priority) {
        if (bytes > total()) {
            return Mono.error(new WorkFailure(what + " needs about " + mb(bytes) + " of memory, more than the "
                    + mb(total()) + " this worker may use for images; scale the image down, or give the worker a larger "
                    + "heap (darkroom.conversion.memory-budget, -Xmx)"));
        }
        return admission.acquire(bytes, priority).map(Reservation::new);
    }

    /** Memory held by one unit of work; released once, however often {@link #release} is called. */
    public static final class Reservation {
        private final Admission.Permit permit;

        private Reservation(Admission.Permit permit) {
            this.permit = permit;
        }

        public void release() {
            permit.release();
        }
    }

    static String mb(long bytes) {
        return bytes >= 1L << 30
                ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%d MB", Math.max(1, Math.round(bytes / (double) (1L << 20))));
    }
}
