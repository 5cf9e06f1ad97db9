package dev.darkroom.batch;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.darkroom.operation.Progress;
import dev.darkroom.progress.ProgressBus;
import dev.darkroom.progress.ProgressThrottle;

/**
 * A batch's progress as one percentage over all its work. Work is counted in pixels touched, so a
 * thumbnail weighs less than a photograph: decoding an image touches its pixels once, and each
 * result touches them {@link #FILTER} times to filter and {@link #ENCODE} times to encode. Reports
 * are thinned by the same {@link ProgressThrottle} as job progress.
 *
 * <p>Steps run one at a time within a batch; {@link #step} starts the next one.
 */
final class BatchProgress {

    static final double DECODE = 1;
    static final double FILTER = 2;
    static final double ENCODE = 1;

    private final ProgressThrottle throttle;
    private final double total;
    private double done;
    private double stepStart;
    private double stepUnits;
    private int completed;
    private int failed;

    BatchProgress(UUID batchId, int attempt, List<Batch.Input> images, int filters, ProgressBus bus,
                  BatchRepository batches, Duration busInterval, Duration dbInterval) {
        // Called under this object's lock (from report), so the counts it saves are consistent.
        this.throttle = new ProgressThrottle(batchId, attempt, bus, busInterval, dbInterval,
                percent -> batches.progress(batchId, percent, completed, failed).subscribe());
        this.total = Math.max(1, images.stream().mapToDouble(image -> imageUnits(image, filters)).sum());
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

    private synchronized void report(double units) {
        throttle.report(units / total);
    }
}
