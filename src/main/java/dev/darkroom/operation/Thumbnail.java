package dev.darkroom.operation;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

import org.imgscalr.Scalr;

/**
 * Fits the image inside maxWidth×maxHeight, keeping its aspect and never enlarging it.
 *
 * <p>Large reductions are done the way Pillow's {@code thumbnail} does them: first a whole-number
 * box reduction (every output pixel the average of a k×k block, which is both fast and free of
 * aliasing), chosen so the image stays at least twice the target, then a bicubic resize by
 * imgscalr for the last, fractional step. A bicubic resize alone over a large factor skips most
 * pixels and shimmers; imgscalr's own halving steps would each re-read the whole image.
 */
public record Thumbnail(int maxWidth, int maxHeight) implements Operation {

    static final int DEFAULT_SIZE = 320;
    /** Larger than any screen's thumbnail; beyond it a user wants a resize, not a thumbnail. */
    static final int MAX_SIZE = 4096;

    static Thumbnail from(Params params) {
        int width = params.integer("maxWidth", DEFAULT_SIZE, 1, MAX_SIZE);
        int height = params.integer("maxHeight", DEFAULT_SIZE, 1, MAX_SIZE);
        return params.build(() -> new Thumbnail(width, height));
    }

    @Override
    public Output apply(BufferedImage image, Progress progress) {
        return new Output.Image(fit(image, maxWidth, maxHeight, progress));
    }

    @Override
    public DecodeHint decodeHint() {
        return DecodeHint.fitInside(maxWidth, maxHeight);
    }

    /** The size {@link #fit} produces: {width, height}. One side touches the box unless the image already fits. */
    public static int[] size(int width, int height, int maxWidth, int maxHeight) {
        if (width <= maxWidth && height <= maxHeight) {
            return new int[] {width, height};
        }
        // Compare the two scales exactly (cross-multiplied) so the bounding side lands on the box
        // exactly, with no floating-point doubt about which side that is.
        if ((long) maxWidth * height <= (long) maxHeight * width) {
            return new int[] {maxWidth, (int) Math.max(1, Math.min(maxHeight, Math.round((double) height * maxWidth / width)))};
        }
        return new int[] {(int) Math.max(1, Math.min(maxWidth, Math.round((double) width * maxHeight / height))), maxHeight};
    }

    /**
     * A thumbnail for callers outside jobs (the photo processor). Returns the image itself when it
     * already fits. Any image type is accepted; the result is TYPE_INT_RGB, or TYPE_INT_ARGB for
     * images with alpha.
     */
    public static BufferedImage fit(BufferedImage image, int maxWidth, int maxHeight, Progress progress) {
        if (maxWidth < 1 || maxHeight < 1) {
            throw new IllegalArgumentException("box " + maxWidth + "x" + maxHeight);
        }
        BufferedImage source = packed(image);
        int[] target = size(source.getWidth(), source.getHeight(), maxWidth, maxHeight);
        if (target[0] == source.getWidth() && target[1] == source.getHeight()) {
            progress.report(1.0);
            return source;
        }
        int factor = Math.min(source.getWidth() / target[0], source.getHeight() / target[1]) / 2;
        BufferedImage reduced = factor >= 2 ? reduce(source, factor, progress.slice(0, 0.8)) : source;
        progress.report(0.8);
        BufferedImage result = Scalr.resize(reduced, Scalr.Method.QUALITY, Scalr.Mode.FIT_EXACT, target[0], target[1]);
        progress.report(1.0);
        return packed(result);
    }

    /** Averages each k×k block into one pixel; blocks cut by the right or bottom edge average what they have. */
    static BufferedImage reduce(BufferedImage image, int k, Progress progress) {
        int w = image.getWidth();
        int h = image.getHeight();
        int outW = (w + k - 1) / k;
        int outH = (h + k - 1) / k;
        boolean alpha = image.getType() == BufferedImage.TYPE_INT_ARGB;
        BufferedImage out = new BufferedImage(outW, outH, image.getType());
        int[] src = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        RowBands.inParallel(outH, progress, (from, to) -> {
            long[] a = new long[outW];
            long[] r = new long[outW];
            long[] g = new long[outW];
            long[] b = new long[outW];
            for (int oy = from; oy < to; oy++) {
                java.util.Arrays.fill(a, 0);
                java.util.Arrays.fill(r, 0);
                java.util.Arrays.fill(g, 0);
                java.util.Arrays.fill(b, 0);
                int y0 = oy * k;
                int y1 = Math.min(h, y0 + k);
                for (int y = y0; y < y1; y++) {
                    int row = y * w;
                    for (int ox = 0, x = 0; ox < outW; ox++) {
                        int x1 = Math.min(w, x + k);
                        long sa = 0;
                        long sr = 0;
                        long sg = 0;
                        long sb = 0;
                        if (alpha) {
                            // Weight colour by alpha, or invisible pixels would bleed their colour into edges.
                            for (; x < x1; x++) {
                                int p = src[row + x];
                                int pa = p >>> 24;
                                sa += pa;
                                sr += (p >> 16 & 0xff) * pa;
                                sg += (p >> 8 & 0xff) * pa;
                                sb += (p & 0xff) * pa;
                            }
                        } else {
                            for (; x < x1; x++) {
                                int p = src[row + x];
                                sr += p >> 16 & 0xff;
                                sg += p >> 8 & 0xff;
                                sb += p & 0xff;
                            }
                        }
                        a[ox] += sa;
                        r[ox] += sr;
                        g[ox] += sg;
                        b[ox] += sb;
                    }
                }
                int rows = y1 - y0;
                int o = oy * outW;
                for (int ox = 0; ox < outW; ox++) {
                    long n = (long) rows * (Math.min(w, ox * k + k) - ox * k);
                    if (alpha) {
                        long sa = a[ox];
                        dst[o + ox] = sa == 0 ? 0 : (int) ((sa + n / 2) / n) << 24
                                | (int) ((r[ox] + sa / 2) / sa) << 16
                                | (int) ((g[ox] + sa / 2) / sa) << 8
                                | (int) ((b[ox] + sa / 2) / sa);
                    } else {
                        dst[o + ox] = (int) ((r[ox] + n / 2) / n) << 16
                                | (int) ((g[ox] + n / 2) / n) << 8
                                | (int) ((b[ox] + n / 2) / n);
                    }
                }
            }
        });
        return out;
    }

    private static BufferedImage packed(BufferedImage image) {
        int type = image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        if (image.getType() == type) {
            return image;
        }
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), type);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
