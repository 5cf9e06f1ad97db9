package dev.darkroom.operation;

/**
 * How small the decoder may make an image before an operation sees it. An operation whose result
 * is much smaller than its input (a thumbnail) lets the decoder skip pixels, which saves most of
 * the memory and a good part of the time of a full decode.
 *
 * <p>{@code fitWidth}×{@code fitHeight} is the box the result will be fitted into, in upright
 * (EXIF-oriented) pixels; 0×0 means "every pixel is needed". A decoder that averages blocks of
 * pixels keeps the image at least as large as that fit; one that skips pixels keeps it twice as
 * large, so the final resampling still has real pixels to filter.
 */
public record DecodeHint(int fitWidth, int fitHeight) {

    public static final DecodeHint FULL = new DecodeHint(0, 0);

    /** Twice the fit: point subsampling aliases, and the filtered resize after it hides that. */
    static final int MARGIN = 2;

    public DecodeHint {
        if (fitWidth < 0 || fitHeight < 0 || (fitWidth == 0) != (fitHeight == 0)) {
            throw new IllegalArgumentException("fit box " + fitWidth + "x" + fitHeight);
        }
    }

    public static DecodeHint fitInside(int width, int height) {
        return new DecodeHint(width, height);
    }

    /**
     * The largest of 8 and 4 by which the image may be shrunk by averaging blocks of pixels (a
     * JPEG decoder can do that almost for free), or 1. An average is already the filter point
     * subsampling lacks, so here the result need only stay as large as the fit itself.
     */
    public int blockReduction(int width, int height) {
        if (fitWidth == 0) {
            return 1;
        }
        double scale = Math.min((double) fitWidth / width, (double) fitHeight / height);
        return scale <= 1.0 / 8 ? 8 : scale <= 1.0 / 4 ? 4 : 1;
    }

    /**
     * The largest of 8, 4 and 2 by which a decoder that scales while it decodes (libjpeg's 1/8,
     * 1/4 and 1/2, an average over each block of pixels) may shrink the image, or 1. As with
     * {@link #blockReduction}, the result need only stay as large as the fit itself.
     */
    public int scaleDenominator(int width, int height) {
        if (fitWidth == 0) {
            return 1;
        }
        double scale = Math.min((double) fitWidth / width, (double) fitHeight / height);
        return scale <= 1.0 / 8 ? 8 : scale <= 1.0 / 4 ? 4 : scale <= 1.0 / 2 ? 2 : 1;
    }

    /**
     * The largest whole factor by which an upright {@code width}×{@code height} image may be
     * subsampled in both directions; 1 when nothing may be skipped.
     */
    public int subsampling(int width, int height) {
        if (fitWidth == 0) {
            return 1;
        }
        double scale = Math.min(1.0, Math.min((double) fitWidth / width, (double) fitHeight / height));
        return Math.max(1, (int) Math.floor(1.0 / (MARGIN * scale)));
    }
}
