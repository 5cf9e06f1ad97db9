package dev.darkroom.operation;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
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
     * Images of fewer rows are walked on the calling thread alone. A JPEG thumbnail's loops are
     * this small (its source is decoded at most about twice its size), and a worker making
     * thumbnails already has a photo per core: handing its bands to other threads only added
     * hand-offs.
     */
    static final int MIN_PARALLEL_ROWS = 720;

    /** Where bands run in parallel: the conversions' own pool once the application made it. */
    private static volatile ForkJoinPool pool = ForkJoinPool.commonPool();

    /**
     * Runs parallel bands on {@code bands} from now on. The application gives the pool whose
     * threads run at the conversions' priority: on the common pool they ran at the request
     * threads' priority, and took the cores a status read was waiting for.
     */
    public static void runOn(ForkJoinPool bands) {
        pool = bands;
    }

    /**
     * The same bands in parallel, for loops whose rows are independent (on the calling thread when
     * the image is short, see {@link #MIN_PARALLEL_ROWS}). Bands finish out of order, so progress
     * counts finished bands, and reports are serialised because a Progress need not be thread-safe.
     */
    public static void inParallel(int height, Progress progress, Band band) {
        if (height < MIN_PARALLEL_ROWS) {
            forEach(height, progress, band);
            return;
        }
        int step = Math.max(1, (height + TARGET_BANDS - 1) / TARGET_BANDS);
        int count = (height + step - 1) / step;
        Object lock = new Object();
        int[] done = {0};
        Runnable all = () -> IntStream.range(0, count).parallel().forEach(i -> {
            int from = i * step;
            band.rows(from, Math.min(height, from + step));
            synchronized (lock) {
                progress.report((double) ++done[0] / count);
            }
        });
        ForkJoinPool bands = pool;
        if (ForkJoinTask.inForkJoinPool() || bands.isShutdown()) {
            all.run();
        } else {
            bands.invoke(ForkJoinTask.adapt(all));
        }
    }
}
