package dev.darkroom.operation.filter;

import java.awt.image.BufferedImage;

import dev.darkroom.operation.Operation;
import dev.darkroom.operation.Output;
import dev.darkroom.operation.Param;
import dev.darkroom.operation.Params;
import dev.darkroom.operation.Progress;
import dev.darkroom.operation.RowBands;

/**
 * Pillow's {@code BoxBlur}, and the box-blur engine {@link GaussianBlur} and {@link UnsharpMask}
 * run on, ported from libImaging/BoxBlur.c so results are bit-identical: a fractional radius
 * weighs the two far pixels by the fraction, weights are 24-bit fixed point (so they sum to just
 * under 1 and a flat area can come out one level darker, as in Pillow), edges repeat the border
 * pixel, and the vertical passes run as horizontal ones on the transposed image.
 */
record BoxBlur(float radius) implements BandFilter {

    /** Cost does not depend on the radius; the cap only keeps requests meaningful. */
    static final double MAX_RADIUS = 1000;

    static final Param.NumberParam RADIUS = Param.number("radius", "Radius", 0, MAX_RADIUS)
            .described("Pixels either side; a fraction weighs the farthest pixels by it");

    static BoxBlur from(Params params) {
        double radius = RADIUS.read(params);
        // Pillow's C layer takes the radius as a float32; so do we, to blur by the same amount.
        return params.build(() -> new BoxBlur((float) radius));
    }

    @Override
    public Output apply(BufferedImage image, Progress progress) {
        return new Output.Image(Planes.map(image, progress,
                (src, width, height, p) -> blur(src, width, height, radius, 1, p)));
    }

    /** ImagingBoxBlur: {@code passes} horizontal passes, then as many vertical ones. */
    static byte[] blur(byte[] src, int width, int height, float radius, int passes, Progress progress) {
        if (radius == 0) {
            return src.clone(); // the fixed-point weights give exactly the input back, so skip the work
        }
        double steps = 2.0 * passes + 2;
        byte[] out = new byte[src.length];
        horizontal(src, out, width, height, radius, progress.slice(0, 1 / steps));
        for (int i = 1; i < passes; i++) {
            horizontal(out, out, width, height, radius, progress.slice(i / steps, (i + 1) / steps));
        }
        byte[] transposed = new byte[src.length];
        transpose(out, transposed, width, height, progress.slice(passes / steps, (passes + 1) / steps));
        for (int i = 0; i < passes; i++) {
            double from = (passes + 1 + i) / steps;
            horizontal(transposed, transposed, height, width, radius, progress.slice(from, from + 1 / steps));
        }
        transpose(transposed, out, height, width, progress.slice((steps - 1) / steps, 1));
        return out;
    }

    /** ImagingHorizontalBoxBlur; in == out is allowed and goes through a line buffer, as in C. */
    private static void horizontal(byte[] in, byte[] out, int width, int height, float floatRadius,
            Progress progress) {
        int radius = (int) floatRadius;
        // (UINT32)(1 << 24) / (floatRadius * 2 + 1) is a float division in C, truncated on assignment.
        int ww = (int) ((float) (1 << 24) / (floatRadius * 2 + 1));
        int fw = ((1 << 24) - (radius * 2 + 1) * ww) / 2;
        int edgeA = Math.min(radius + 1, width);
        int edgeB = Math.max(width - radius - 1, 0);
        RowBands.inParallel(height, progress, (from, to) -> {
            byte[] line = in == out ? new byte[width] : null;
            for (int y = from; y < to; y++) {
                int offset = y * width;
                if (line == null) {
                    line(in, offset, out, offset, width - 1, radius, edgeA, edgeB, ww, fw);
                } else {
                    line(in, offset, line, 0, width - 1, radius, edgeA, edgeB, ww, fw);
                    System.arraycopy(line, 0, out, offset, width);
                }
            }
        });
    }

    /**
     * ImagingLineBoxBlur8. The accumulator holds the sum of the 2r+1 inner pixels; the weighted sum
     * is below 2^32 but may pass 2^31, so it wraps in an int and is read back unsigned.
     */
    private static void line(byte[] in, int i, byte[] out, int o, int lastx, int radius, int edgeA, int edgeB,
            int ww, int fw) {
        int acc = (in[i] & 0xff) * (radius + 1);
        for (int x = 0; x < edgeA - 1; x++) {
            acc += in[i + x] & 0xff;
        }
        acc += (in[i + lastx] & 0xff) * (radius - edgeA + 1);

        if (edgeA <= edgeB) {
            for (int x = 0; x < edgeA; x++) {
                acc += (in[i + x + radius] & 0xff) - (in[i] & 0xff);
                out[o + x] = save(acc * ww + ((in[i] & 0xff) + (in[i + x + radius + 1] & 0xff)) * fw);
            }
            for (int x = edgeA; x < edgeB; x++) {
                acc += (in[i + x + radius] & 0xff) - (in[i + x - radius - 1] & 0xff);
                out[o + x] = save(acc * ww
                        + ((in[i + x - radius - 1] & 0xff) + (in[i + x + radius + 1] & 0xff)) * fw);
            }
            for (int x = edgeB; x <= lastx; x++) {
                acc += (in[i + lastx] & 0xff) - (in[i + x - radius - 1] & 0xff);
                out[o + x] = save(acc * ww + ((in[i + x - radius - 1] & 0xff) + (in[i + lastx] & 0xff)) * fw);
            }
        } else {
            for (int x = 0; x < edgeB; x++) {
                acc += (in[i + x + radius] & 0xff) - (in[i] & 0xff);
                out[o + x] = save(acc * ww + ((in[i] & 0xff) + (in[i + x + radius + 1] & 0xff)) * fw);
            }
            for (int x = edgeB; x < edgeA; x++) {
                acc += (in[i + lastx] & 0xff) - (in[i] & 0xff);
                out[o + x] = save(acc * ww + ((in[i] & 0xff) + (in[i + lastx] & 0xff)) * fw);
            }
            for (int x = edgeA; x <= lastx; x++) {
                acc += (in[i + lastx] & 0xff) - (in[i + x - radius - 1] & 0xff);
                out[o + x] = save(acc * ww + ((in[i + x - radius - 1] & 0xff) + (in[i + lastx] & 0xff)) * fw);
            }
        }
    }

    private static byte save(int bulk) {
        return (byte) ((bulk + (1 << 23)) >>> 24);
    }

    /** Cache-friendly enough at 8 bits per pixel; bands are rows of the destination. */
    private static void transpose(byte[] in, byte[] out, int width, int height, Progress progress) {
        RowBands.inParallel(width, progress, (from, to) -> {
            for (int x = from; x < to; x++) {
                int o = x * height;
                for (int y = 0, i = x; y < height; y++, i += width) {
                    out[o + y] = in[i];
                }
            }
        });
    }
}
