package dev.darkroom.work;

import dev.darkroom.operation.DecodeHint;

/** Estimates of the memory a unit of pixel work holds at its peak, for the {@link MemoryBudget}. */
public final class Footprint {

    private Footprint() {
    }

    /**
     * Decoding holds two copies at its peak, before any operation runs: libjpeg-turbo decodes
     * into native memory that is copied into the Java raster and then freed (ImageIO's raster and
     * its packed-int conversion, or a raster and its upright turn, likewise). The native copy is
     * off the heap, but the budget is the one bound on what pixel work holds, so it counts here;
     * every operation holds at least its input and output anyway, so this rarely adds anything.
     */
    static final int DECODE_COPIES = 2;

    /** A JPEG decoder shrinks by at most 1/8 as it decodes, however small the fit. */
    static final int MAX_DECODE_STEP = 8;

    /**
     * The file, plus the image as decoded (after the decoder skips what {@code hint} allows) times
     * the packed-int copies the work keeps alive (at least the decoder's two). Without known
     * dimensions, only the file.
     */
    public static long of(Integer width, Integer height, DecodeHint hint, int copies, long fileBytes) {
        if (width == null || height == null || width <= 0 || height <= 0) {
            return fileBytes;
        }
        long step = Math.min(MAX_DECODE_STEP, hint.subsampling(width, height));
        long pixels = ((long) width / step + 1) * ((long) height / step + 1);
        return fileBytes + pixels * Integer.BYTES * Math.max(copies, DECODE_COPIES);
    }
}
