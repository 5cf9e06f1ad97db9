package dev.darkroom.operation;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

import org.imgscalr.Scalr;

/**
 * Fits the image inside maxWidth×maxHeight, keeping its aspect and never enlarging it.
 *
 * <p>Large reductions start the way Pillow's {@code thumbnail} does: a whole-number box reduction
 * (every output pixel the average of a k×k block, which is both fast and free of aliasing). For
 * opaque pixels k is even and leaves the image under twice the target, and one bicubic resize
 * ({@link #bicubic}) does the last, fractional step. Images with alpha stay at least twice the
 * target and leave the rest to imgscalr, whose steps interpolate premultiplied colour. A bicubic
 * resize alone over a large factor skips most pixels and shimmers.
 */
public record Thumbnail(int maxWidth, int maxHeight) implements Operation {

    static final int DEFAULT_SIZE = 320;
    /** Larger than any screen's thumbnail; beyond it a user wants a resize, not a thumbnail. */
    static final int MAX_SIZE = 4096;

    static final Param.IntParam MAX_WIDTH = Param.integer("maxWidth", "Max width", 1, MAX_SIZE).byDefault(DEFAULT_SIZE)
            .described("Pixels; the result is at most this wide");
    static final Param.IntParam MAX_HEIGHT = Param.integer("maxHeight", "Max height", 1, MAX_SIZE).byDefault(DEFAULT_SIZE)
            .described("Pixels; the result is at most this high");

    static final OperationSpec SPEC = OperationSpec.of("thumbnail", "Thumbnail",
            "Fits the image inside maxWidth × maxHeight, keeping its aspect and never enlarging it",
            OperationSpec.Result.IMAGE, java.util.List.of(MAX_WIDTH, MAX_HEIGHT), Thumbnail::from);

    static Thumbnail from(Params params) {
        int width = MAX_WIDTH.read(params);
        int height = MAX_HEIGHT.read(params);
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
        int ratio = Math.min(source.getWidth() / target[0], source.getHeight() / target[1]);
        // Opaque pixels are box-reduced by an even factor to under twice the target, so the last
        // step is always one bicubic resize: before, 2 to 4 times the target was left to imgscalr,
        // which halves with Java2D and took 5-6 ms from 750x500 where this takes 1 (a photo over
        // 5,120 pixels wide after libjpeg-turbo's 1/8, and every PNG, WebP or TIFF of 3 MP and
        // more). Averaging a 2f x 2f block is the same low-pass that halving after an f x f
        // average would be. Images with alpha keep imgscalr's premultiplied steps.
        int factor = source.getType() == BufferedImage.TYPE_INT_RGB ? ratio / 2 * 2 : ratio / 2;
        BufferedImage reduced = factor >= 2 ? reduce(source, factor, progress.slice(0, 0.8)) : source;
        progress.report(0.8);
        // When at most a halving is left, imgscalr's QUALITY is one Java2D bicubic drawImage, which
        // for opaque pixels the separable version below computes faster. Images with alpha
        // (interpolated premultiplied) keep imgscalr.
        int w = reduced.getWidth();
        int h = reduced.getHeight();
        BufferedImage result = reduced.getType() == BufferedImage.TYPE_INT_RGB
                && target[0] <= w && target[1] <= h && w - w / 2 <= target[0] && h - h / 2 <= target[1]
                ? bicubic(reduced, target[0], target[1])
                : Scalr.resize(reduced, Scalr.Method.QUALITY, Scalr.Mode.FIT_EXACT, target[0], target[1]);
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

    /**
     * Resizes opaque INT_RGB pixels the way Java2D's bicubic drawImage does (what imgscalr calls):
     * every output pixel's centre mapped into the source, the 4×4 pixels around it weighted by
     * Keys' cubic with a = -0.5, edges clamped, rounded to the nearest level. Done in two passes
     * (rows, then columns) with float sums in between, so each output pixel costs 8 taps, not 16.
     */
    static BufferedImage bicubic(BufferedImage image, int outW, int outH) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] src = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        BufferedImage out = new BufferedImage(outW, outH, BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        int[] xAt = new int[outW * 4];
        float[] xWeight = new float[outW * 4];
        taps(w, outW, xAt, xWeight);
        int[] yAt = new int[outH * 4];
        float[] yWeight = new float[outH * 4];
        taps(h, outH, yAt, yWeight);
        // Horizontal pass over every source row, into three planes of outW × h.
        float[] red = new float[outW * h];
        float[] green = new float[outW * h];
        float[] blue = new float[outW * h];
        // Each source row is split into its channels once: a shrinking resize reads every pixel
        // for two or more taps, and unpacking it per tap was most of this pass.
        RowBands.inParallel(h, Progress.NONE, (from, to) -> {
            float[] rowRed = new float[w];
            float[] rowGreen = new float[w];
            float[] rowBlue = new float[w];
            for (int y = from; y < to; y++) {
                int row = y * w;
                for (int x = 0; x < w; x++) {
                    int p = src[row + x];
                    rowRed[x] = p >> 16 & 0xff;
                    rowGreen[x] = p >> 8 & 0xff;
                    rowBlue[x] = p & 0xff;
                }
                for (int x = 0, o = y * outW, t = 0; x < outW; x++, o++, t += 4) {
                    int a0 = xAt[t];
                    int a1 = xAt[t + 1];
                    int a2 = xAt[t + 2];
                    int a3 = xAt[t + 3];
                    float w0 = xWeight[t];
                    float w1 = xWeight[t + 1];
                    float w2 = xWeight[t + 2];
                    float w3 = xWeight[t + 3];
                    // Summed in the order of the taps, as before: the same floats to the last bit.
                    red[o] = rowRed[a0] * w0 + rowRed[a1] * w1 + rowRed[a2] * w2 + rowRed[a3] * w3;
                    green[o] = rowGreen[a0] * w0 + rowGreen[a1] * w1 + rowGreen[a2] * w2 + rowGreen[a3] * w3;
                    blue[o] = rowBlue[a0] * w0 + rowBlue[a1] * w1 + rowBlue[a2] * w2 + rowBlue[a3] * w3;
                }
            }
        });
        RowBands.inParallel(outH, Progress.NONE, (from, to) -> {
            for (int y = from; y < to; y++) {
                int r0 = yAt[y * 4] * outW;
                int r1 = yAt[y * 4 + 1] * outW;
                int r2 = yAt[y * 4 + 2] * outW;
                int r3 = yAt[y * 4 + 3] * outW;
                float w0 = yWeight[y * 4];
                float w1 = yWeight[y * 4 + 1];
                float w2 = yWeight[y * 4 + 2];
                float w3 = yWeight[y * 4 + 3];
                for (int x = 0, o = y * outW; x < outW; x++, o++) {
                    float r = red[r0 + x] * w0 + red[r1 + x] * w1 + red[r2 + x] * w2 + red[r3 + x] * w3;
                    float g = green[r0 + x] * w0 + green[r1 + x] * w1 + green[r2 + x] * w2 + green[r3 + x] * w3;
                    float b = blue[r0 + x] * w0 + blue[r1 + x] * w1 + blue[r2 + x] * w2 + blue[r3 + x] * w3;
                    dst[o] = level(r) << 16 | level(g) << 8 | level(b);
                }
            }
        });
        return out;
    }

    /** For each output position along a side: its 4 source indices (clamped) and their weights. */
    private static void taps(int size, int outSize, int[] at, float[] weight) {
        double step = (double) size / outSize;
        for (int i = 0; i < outSize; i++) {
            double centre = (i + 0.5) * step - 0.5;
            int first = (int) Math.floor(centre);
            double frac = centre - first;
            for (int t = 0; t < 4; t++) {
                at[i * 4 + t] = Math.max(0, Math.min(size - 1, first - 1 + t));
                weight[i * 4 + t] = (float) cubic(frac + 1 - t);
            }
        }
    }

    /** Keys' cubic convolution kernel with a = -0.5, as Java2D's bicubic interpolation uses. */
    private static double cubic(double t) {
        double x = Math.abs(t);
        if (x <= 1) {
            return (1.5 * x - 2.5) * x * x + 1;
        }
        return x < 2 ? ((-0.5 * x + 2.5) * x - 4) * x + 2 : 0;
    }

    private static int level(float value) {
        int i = (int) (value + 0.5f);
        return i < 0 ? 0 : Math.min(255, i);
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
