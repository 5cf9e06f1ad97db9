package dev.darkroom.operation;

import java.awt.image.BufferedImage;

/**
 * One image operation with its parameters already validated. The input is always
 * {@link BufferedImage#TYPE_INT_RGB} or {@link BufferedImage#TYPE_INT_ARGB} (the pipeline
 * normalises after decoding), so implementations may work on the backing int[] directly.
 * An operation never re-validates: a bad value cannot reach it.
 */
public interface Operation {

    Output apply(BufferedImage image, Progress progress);

    /**
     * Images of the decoded size this operation holds at its peak, counted in packed-int copies:
     * the input and the output, plus whatever working planes it keeps. The memory budget reserves
     * this much before the operation runs.
     */
    default int workingCopies() {
        return 3;
    }

    /** Operations that look at every pixel keep the default; a shrinking one lets decoding skip some. */
    default DecodeHint decodeHint() {
        return DecodeHint.FULL;
    }
}
