package dev.darkroom.progress;

import java.time.Duration;
import java.util.UUID;
import java.util.function.IntConsumer;

import dev.darkroom.operation.Progress;

/**
 * Turns the many fraction reports of running work into a few events: whole percentages only, at
 * most one per {@code busInterval} on the bus and one per {@code saveInterval} handed to
 * {@code save} (the database), and never 100, which only the final "succeeded" event says, after
 * the outcome is stored.
 */
public final class ProgressThrottle implements Progress {

    private final UUID id;
    private final Integer attempt;
    private final ProgressBus bus;
    private final IntConsumer save;
    private final long busIntervalNanos;
    private final long saveIntervalNanos;
    private int lastPercent = -1;
    private long lastBus;
    private long lastSave;

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
        bus.publish(new ProgressEvent(id, ProgressEvent.RUNNING, percent, null, attempt));
        if (now - lastSave >= saveIntervalNanos) {
            lastSave = now;
            save.accept(percent);
        }
    }
}
