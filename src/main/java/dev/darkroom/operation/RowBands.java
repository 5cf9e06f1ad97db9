package dev.darkroom.operation;

import java.util.stream.IntStream;

/**
 * Walks an image in bands of rows and reports progress after each band, so that every pixel loop
 * gets progress (and, later, cancellation checks) without repeating the bookkeeping.
 */
public final class RowBands {

    /** Rows per band: small enough for smooth progress, large enough that reporting costs nothing. */
    static final int TARGET_BANDS = 64;

    @FunctionalInterface
    public interface Band {
        void rows(int fromInclusive, int toExclusive);
    }

    private RowBands() {
    }

    public static void forEach(int height, Progress progress, Band band) {
        int step = Math.max(1, (height + TARGET_BANDS - 1) / TARGET_BANDS);
        for (int from = 0; from < height; from += step) {
            int to = Math.min(height, from + step);
            band.rows(from, to);
            progress.report((double) to / height);
        }
    }

    /**
     * The same bands on the common fork-join pool, for loops whose rows are independent. Bands
     * finish out of order, so progress counts finished bands, and reports are serialised because
     * a Progress need not be thread-safe.
     */
    public static void inParallel(int height, Progress progress, Band band) {
        int step = Math.max(1, (height + TARGET_BANDS - 1) / TARGET_BANDS);
        int count = (height + step - 1) / step;
        Object lock = new Object();
        int[] done = {0};
        IntStream.range(0, count).parallel().forEach(i -> {
            int from = i * step;
            band.rows(from, Math.min(height, from + step));
            synchronized (lock) {
                progress.report((double) ++done[0] / count);
            }
        });
    }
}
