package dev.darkroom.work;

import dev.darkroom.operation.DecodeHint;

/** Estimates of the memory a unit of pixel work holds at its peak, for the {@link MemoryBudget}. */
public final class Footprint {

    private Footprint() {
    }

    /**
     * The file, plus the image as decoded (after the decoder skips what {@code hint} allows) times
     * the packed-int copies the work keeps alive. Without known dimensions, only the file.
     */
    public static long of(Integer width, Integer height, DecodeHint hint, int copies, long fileBytes) {
        if (width == null || height == null || width <= 0 || height <= 0) {
            return fileBytes;
        }
        long step = hint.subsampling(width, height);
        long pixels = ((long) width / step + 1) * ((long) height / step + 1);
        return fileBytes + pixels * Integer.BYTES * copies;
    }
}
