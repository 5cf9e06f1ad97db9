package dev.darkroom.progress;

import java.time.Duration;
import java.util.UUID;
import java.util.function.IntConsumer;

import dev.darkroom.operation.Progress;

/**
 * Turns the many fraction reports of running work into a few events: whole percentages only, at
 * most one per {@code busInterval} on the bus and one per {@code saveInterval} handed to
 * {@code save} (the database), and never 100, which only the final "succeeded" event says, after
 * the outcome is stored. Each event says the {@link Stage} the work is at (a new stage is sent at
 * once) and, once the run's duration can be estimated, the seconds it should still take.
 */
public final class ProgressThrottle implements Progress {

    private final UUID id;
    private final Integer attempt;
    private final ProgressBus bus;
    private final IntConsumer save;
    private final long busIntervalNanos;
    private final long saveIntervalNanos;
    private final long started = System.nanoTime();
    private int lastPercent = -1;
    private long lastBus;
    private long lastSave;
    private Stage stage;
    private Duration expected;

    public ProgressThrottle(UUID id, Integer attempt, ProgressBus bus, Duration busInterval, Duration saveInterval,
                            IntConsumer save) {
        this.id = id;
        this.attempt = attempt;
        this.bus = bus;
        this.save = save;
        this.busIntervalNanos = busInterval.toNanos();
        this.saveIntervalNanos = saveInterval.toNanos();
        long now = System.nanoTime();
        this.lastBus = now - busIntervalNanos;
        this.lastSave = now;
    }

    // Synchronized because filters report from several row bands at once.
    @Override
    public synchronized void report(double fraction) {
        int percent = (int) Math.min(99, Math.max(0, Math.floor(fraction * 100)));
        if (percent <= lastPercent) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastBus < busIntervalNanos) {
            return;
        }
        lastPercent = percent;
        lastBus = now;
        publish(now);
        if (now - lastSave >= saveIntervalNanos) {
            lastSave = now;
            save.accept(percent);
        }
    }

    /** The work has moved on to {@code next}; followers hear it at once. */
    public synchronized void stage(Stage next) {
        stage = next;
        long now = System.nanoTime();
        lastBus = now;
        publish(now);
    }

    /** How long the whole run should take, from the measured throughput of its operation; null if unknown. */
    public synchronized void expect(Duration total) {
        expected = total;
    }

    private void publish(long now) {
        int percent = Math.max(0, lastPercent);
        bus.publish(new ProgressEvent(id, ProgressEvent.RUNNING, percent, null, attempt,
                stage == null ? null : stage.wire(), null, secondsLeft(now, percent)));
    }

    /**
     * The estimate less the time already spent; past the estimate (a slower run than usual), or
     * with none yet, the time spent so far scaled by the share still to do, once there is enough
     * done to scale from.
     */
    private Long secondsLeft(long now, int percent) {
        long elapsed = now - started;
        if (expected != null && expected.toNanos() > elapsed) {
            return ceilSeconds(expected.toNanos() - elapsed);
        }
        if (percent >= 5) {
            return ceilSeconds((long) (elapsed * (100.0 - percent) / percent));
        }
        return null;
    }

    private static long ceilSeconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}
