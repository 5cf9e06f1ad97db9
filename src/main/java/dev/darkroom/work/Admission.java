package dev.darkroom.work;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;

import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Admits units of work by weight against a total, without holding a thread while they wait.
 * There is one line per {@link Priority}: a high unit is admitted before any normal one that
 * waits, and while a high unit waits no normal unit is admitted past it, so interactive work never
 * queues behind a backlog that arrived first. Within a line, first come first served: a large unit
 * at the head is not overtaken by small ones behind it, so it cannot starve.
 */
final class Admission {

    private final long total;
    private long taken;
    private final Map<Priority, Deque<Waiter>> lines = new EnumMap<>(Priority.class);

    Admission(long total) {
        this.total = total;
        for (Priority priority : Priority.values()) {
            lines.put(priority, new ArrayDeque<>());
        }
    }

    long total() {
        return total;
    }

    synchronized long taken() {
        return taken;
    }

    synchronized int waiting() {
        return lines.values().stream().mapToInt(Deque::size).sum();
    }

    /** A permit for {@code weight}, once it fits and nothing of this or a higher priority waits ahead. */
    Mono<Permit> acquire(long weight, Priority priority) {
        return Mono.create(sink -> {
            Waiter waiter = new Waiter(Math.max(0, weight), sink);
            synchronized (this) {
                if (noneWaitingFrom(priority) && taken + waiter.weight <= total) {
                    taken += waiter.weight;
                    waiter.granted = true;
                } else {
                    lines.get(priority).addLast(waiter);
                }
            }
            // A waiter cancelled (its deadline passed) leaves the line; one cancelled just as it was
            // granted gives its weight back, since the grant will never reach it.
            sink.onCancel(() -> {
                boolean granted;
                synchronized (this) {
                    granted = waiter.granted;
                    lines.get(priority).remove(waiter);
                }
                if (granted) {
                    new Permit(waiter.weight).release();
                } else {
                    grant();
                }
            });
            if (waiter.granted) {
                sink.success(new Permit(waiter.weight));
            }
        });
    }

    /** Whether no unit of {@code priority} or a higher one is waiting. */
    private boolean noneWaitingFrom(Priority priority) {
        for (Priority p : Priority.values()) {
            if (!lines.get(p).isEmpty()) {
                return false;
            }
            if (p == priority) {
                return true;
            }
        }
        return true;
    }

    private void grant() {
        while (true) {
            Waiter next;
            synchronized (this) {
                Deque<Waiter> line = null;
                for (Priority p : Priority.values()) {
                    if (!lines.get(p).isEmpty()) {
                        line = lines.get(p);
                        break;
                    }
                }
                next = line == null ? null : line.peekFirst();
                if (next == null || taken + next.weight > total) {
                    return;
                }
                line.removeFirst();
                taken += next.weight;
                next.granted = true;
            }
            next.sink.success(new Permit(next.weight));
        }
    }

    private static final class Waiter {
        final long weight;
        final MonoSink<Permit> sink;
        boolean granted;

        Waiter(long weight, MonoSink<Permit> sink) {
            this.weight = weight;
            this.sink = sink;
        }
    }

    /** What one unit holds; given back once, however often {@link #release} is called. */
    final class Permit {
        private final long weight;
        private boolean released;

        private Permit(long weight) {
            this.weight = weight;
        }

        void release() {
            synchronized (Admission.this) {
                if (released) {
                    return;
                }
                released = true;
                taken -= weight;
            }
            grant();
        }
    }
}
