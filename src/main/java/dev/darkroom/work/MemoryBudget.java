package dev.darkroom.work;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Admits pixel work by the memory it will hold. Each unit reserves its estimated peak (decoded
 * pixels × bytes per pixel × the copies its steps keep alive) before it starts and gives it back
 * when it ends. A unit that can never fit fails at once, saying so with the numbers; one that
 * fits later waits, first come first served, without holding a thread. Without this a single
 * large image runs the heap out, and with it every job in flight.
 */
public final class MemoryBudget {

    private final long total;
    private long reserved;
    private final Deque<Waiter> waiting = new ArrayDeque<>();

    public MemoryBudget(long total, MeterRegistry metrics) {
        this.total = total;
        Gauge.builder("darkroom.memory.budget", () -> total).tag("state", "total").baseUnit("bytes")
                .description("Memory that pixel work may reserve, and how much is reserved").register(metrics);
        Gauge.builder("darkroom.memory.budget", this, MemoryBudget::reserved).tag("state", "reserved").baseUnit("bytes")
                .description("Memory that pixel work may reserve, and how much is reserved").register(metrics);
        Gauge.builder("darkroom.memory.waiting", this, MemoryBudget::waiters)
                .description("Units of pixel work waiting for memory").register(metrics);
    }

    public long total() {
        return total;
    }

    synchronized long reserved() {
        return reserved;
    }

    synchronized int waiters() {
        return waiting.size();
    }

    /** A reservation of {@code bytes}, when they are free; an error if they never can be. */
    public Mono<Reservation> reserve(long bytes, String what) {
        if (bytes > total) {
            return Mono.error(new WorkFailure(what + " needs about " + mb(bytes) + " of memory, more than the "
                    + mb(total) + " this worker may use for images; scale the image down, or give the worker a larger "
                    + "heap (darkroom.conversion.memory-budget, -Xmx)"));
        }
        return Mono.create(sink -> {
            Waiter waiter = new Waiter(Math.max(0, bytes), sink);
            synchronized (this) {
                if (waiting.isEmpty() && reserved + waiter.bytes <= total) {
                    reserved += waiter.bytes;
                    waiter.granted = true;
                } else {
                    waiting.addLast(waiter);
                }
            }
            // A waiter cancelled (its deadline passed) leaves the line; one cancelled just as it was
            // granted gives the memory back, since the grant will never reach it.
            sink.onCancel(() -> {
                boolean granted;
                synchronized (this) {
                    granted = waiter.granted;
                    waiting.remove(waiter);
                }
                if (granted) {
                    new Reservation(waiter.bytes).release();
                } else {
                    grant();
                }
            });
            if (waiter.granted) {
                sink.success(new Reservation(waiter.bytes));
            }
        });
    }

    private void grant() {
        while (true) {
            Waiter next;
            synchronized (this) {
                next = waiting.peekFirst();
                if (next == null || reserved + next.bytes > total) {
                    return;
                }
                waiting.removeFirst();
                reserved += next.bytes;
                next.granted = true;
            }
            next.sink.success(new Reservation(next.bytes));
        }
    }

    private static final class Waiter {
        final long bytes;
        final MonoSink<Reservation> sink;
        boolean granted;

        Waiter(long bytes, MonoSink<Reservation> sink) {
            this.bytes = bytes;
            this.sink = sink;
        }
    }

    /** Memory held by one unit of work; released once, however often {@link #release} is called. */
    public final class Reservation {
        private final long bytes;
        private boolean released;

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        public void release() {
            synchronized (MemoryBudget.this) {
                if (released) {
                    return;
                }
                released = true;
                reserved -= bytes;
            }
            grant();
        }
    }

    static String mb(long bytes) {
        return bytes >= 1L << 30
                ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%d MB", Math.max(1, Math.round(bytes / (double) (1L << 20))));
    }
}
