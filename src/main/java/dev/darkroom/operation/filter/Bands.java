package dev.darkroom.operation.filter;

import java.util.stream.IntStream;

import dev.darkroom.operation.Progress;

/**
 * Row bands run on the common fork-join pool. Unlike {@link dev.darkroom.operation.RowBands},
 * bands finish out of order, so progress counts finished bands rather than reporting the last
 * row reached, and reports are serialised because a Progress need not be thread-safe.
 */
final class Bands {

    /** Enough bands for smooth progress and load balancing, few enough that each is real work. */
    private static final int TARGET_BANDS = 64;

    @FunctionalInterface
    interface Band {
        void rows(int fromInclusive, int toExclusive);
    }

    private Bands() {
    }

    static void run(int rows, Progress progress, Band band) {
        int step = Math.max(1, (rows + TARGET_BANDS - 1) / TARGET_BANDS);
        int count = (rows + step - 1) / step;
        Object lock = new Object();
        int[] done = {0};
        IntStream.range(0, count).parallel().forEach(i -> {
            int from = i * step;
            band.rows(from, Math.min(rows, from + step));
            synchronized (lock) {
                progress.report((double) ++done[0] / count);
            }
        });
    }
}
