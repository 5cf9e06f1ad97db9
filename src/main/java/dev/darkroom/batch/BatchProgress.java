package dev.darkroom.batch;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.darkroom.operation.Progress;
import dev.darkroom.progress.ProgressBus;
import dev.darkroom.progress.ProgressEvent;

/**
 * A batch's progress as one percentage over all its work. Work is counted in pixels touched, so a
 * thumbnail weighs less than a photograph: decoding an image touches its pixels once, and each
 * result touches them {@link #FILTER} times to filter and {@link #ENCODE} times to encode. Reports
 * are thinned as job progress is: whole percentages only, at most one per interval on the bus and
 * in the database, and never 100 before the outcome is saved.
 *
 * <p>Steps run one at a time within a batch; {@link #step} starts the next one.
 */
final class BatchProgress {

    static final double DECODE = 1;
    static final double FILTER = 2;
    static final double ENCODE = 1;

    private final UUID batchId;
    private final ProgressBus bus;
    private final BatchRepository batches;
    private final long busIntervalNanos;
    private final long dbIntervalNanos;
    private final double total;
    private double done;
    private double stepStart;
    private double stepUnits;
    private int completed;
    private int failed;
    private int lastPercent = -1;
    private long lastBus;
    private long lastDb;

    BatchProgress(UUID batchId, List<Batch.Input> images, int filters, ProgressBus bus, BatchRepository batches,
                  Duration busInterval, Duration dbInterval) {
        this.batchId = batchId;
        this.bus = bus;
        this.batches = batches;
        this.busIntervalNanos = busInterval.toNanos();
        this.dbIntervalNanos = dbInterval.toNanos();
        this.total = Math.max(1, images.stream().mapToDouble(image -> imageUnits(image, filters)).sum());
        long now = System.nanoTime();
        this.lastBus = now - busIntervalNanos;
        this.lastDb = now;
    }

    static double imageUnits(Batch.Input image, int filters) {
        return image.pixels() * (DECODE + filters * (FILTER + ENCODE));
    }

    /** Ends the current step and starts one of {@code units}; the returned progress covers it. */
    synchronized Progress step(double units) {
        done = stepStart + stepUnits;
        stepStart = done;
        stepUnits = units;
        report(done);
        double start = stepStart;
        return fraction -> report(start + units * Math.clamp(fraction, 0.0, 1.0));
    }

    synchronized void resultMade() {
        completed++;
    }

    /** Counts the results that could not be made, and skips the work they would have taken. */
    synchronized void resultsFailed(int results, double skippedUnits) {
        failed += results;
        step(skippedUnits);
    }

    // Synchronized because filters may report from several threads at once.
    private synchronized void report(double units) {
        int percent = (int) Math.min(99, Math.max(0, Math.floor(units / total * 100)));
        if (percent <= lastPercent) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastBus < busIntervalNanos) {
            return;
        }
        lastPercent = percent;
        lastBus = now;
        bus.publish(new ProgressEvent(batchId, ProgressEvent.RUNNING, percent, null));
        if (now - lastDb >= dbIntervalNanos) {
            lastDb = now;
            batches.progress(batchId, percent, completed, failed).subscribe();
        }
    }
}
