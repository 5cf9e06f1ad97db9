package dev.darkroom.operation.filter;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

import dev.darkroom.operation.Operation;
import dev.darkroom.operation.Output;
import dev.darkroom.operation.Param;
import dev.darkroom.operation.Params;
import dev.darkroom.operation.Progress;
import dev.darkroom.operation.RowBands;
import tools.jackson.databind.JsonNode;

/**
 * Pillow's {@code ImageFilter.Kernel}: a 3x3 or 5x5 convolution (libImaging/Filter.c).
 *
 * <p>Arithmetic is float32 in Filter.c's order, so results are bit-identical rather than merely
 * close: weights are divided by the scale once, each kernel row is summed left to right and added
 * to a running sum that starts at {@code offset + 0.5} (the 0.5 rounds), and the float is then
 * clamped and truncated. Kernel row 0 meets image row y + size/2, i.e. Pillow flips the kernel
 * vertically but not horizontally; pixels closer than size/2 to the border are copied unfiltered,
 * and an image smaller than the kernel is copied whole.
 */
record Kernel(int size, float[] weights, float offset) implements BandFilter {

    /** Pillow's size is a (width, height) pair, and Filter.c only takes (3, 3) and (5, 5). */
    static final Param.ValueParam SIZE = Param.oneOf("size", "Kernel size",
            List.of(Param.JSON.arrayNode().add(3).add(3), Param.JSON.arrayNode().add(5).add(5)));
    static final Param.NumbersParam KERNEL = Param.numbers("kernel", "Weights", 9, 25,
                    "an array of 9 (size [3, 3]) or 25 (size [5, 5]) numbers")
            .described("Row by row, as many as the size has cells: 9 or 25");
    // Filter.c works in float32: a scale that is not zero as a double can still be zero there.
    static final Param.NumberParam SCALE = Param.number("scale", "Scale", -Double.MAX_VALUE, Double.MAX_VALUE)
            .optional().nonZero().described("Each weight is divided by it; by default the weights' sum (1 if that is 0)");
    static final Param.NumberParam OFFSET = Param.number("offset", "Offset", -Double.MAX_VALUE, Double.MAX_VALUE)
            .byDefault(0).described("Added to every result, in levels");

    static Kernel from(Params params) {
        JsonNode sizePair = SIZE.read(params);
        int size = sizePair == null ? 0 : sizePair.get(0).asInt();
        double[] kernel = KERNEL.read(params);
        if (kernel != null && size > 0 && kernel.length != size * size) {
            params.violation("kernel", "must have " + size * size + " numbers for size [" + size + ", " + size
                    + "], got " + kernel.length);
        }
        Double scale = SCALE.read(params);
        double offset = OFFSET.read(params);
        return params.build(() -> of(size, kernel, scale, offset));
    }

    /**
     * @param scale null for Pillow's default, the sum of the weights. Pillow 9.4 divides by a zero
     *              sum and gets NaN (black pixels); we use 1 instead, which is what such
     *              edge-detecting kernels mean.
     */
    static Kernel of(int size, double[] kernel, Double scale, double offset) {
        double divisor = 0;
        if (scale != null) {
            divisor = scale;
        } else {
            for (double k : kernel) {
                divisor += k; // left to right, as Python's reduce sums them
            }
            if ((float) divisor == 0f) {
                divisor = 1;
            }
        }
        float[] weights = new float[kernel.length];
        for (int i = 0; i < kernel.length; i++) {
            weights[i] = (float) kernel[i] / (float) divisor;
        }
        return new Kernel(size, weights, (float) offset);
    }

    @Override
    public Output apply(BufferedImage image, Progress progress) {
        return new Output.Image(Planes.map(image, progress, this::convolve));
    }

    private byte[] convolve(byte[] src, int width, int height, Progress progress) {
        if (width < size || height < size) {
            return src.clone();
        }
        int margin = size / 2;
        // Filter.c adds the rounding 0.5 to the float offset once, in double, then stores it as float.
        float start = (float) (offset + 0.5);
        byte[] dst = new byte[src.length];
        RowBands.inParallel(height, progress, (from, to) -> {
            for (int y = from; y < to; y++) {
                int row = y * width;
                if (y < margin || y >= height - margin) {
                    System.arraycopy(src, row, dst, row, width);
                    continue;
                }
                System.arraycopy(src, row, dst, row, margin);
                System.arraycopy(src, row + width - margin, dst, row + width - margin, margin);
                if (size == 3) {
                    row3(src, dst, width, y, start);
                } else {
                    row5(src, dst, width, y, start);
                }
            }
        });
        return dst;
    }

    /*
     * One method per size with the weights in locals: a generic loop over the kernel ran at half
     * the speed. Each row's products are summed left to right and then added to the running sum,
     * exactly as Filter.c's KERNEL1x3 / KERNEL1x5 macros do, so the float results stay identical.
     */
    private void row3(byte[] src, byte[] dst, int width, int y, float start) {
        float k0 = weights[0], k1 = weights[1], k2 = weights[2], k3 = weights[3], k4 = weights[4];
        float k5 = weights[5], k6 = weights[6], k7 = weights[7], k8 = weights[8];
        int below = (y + 1) * width, here = y * width, above = (y - 1) * width;
        for (int x = 1; x < width - 1; x++) {
            int b = below + x, h = here + x, a = above + x;
            float sum = start;
            sum += (src[b - 1] & 0xff) * k0 + (src[b] & 0xff) * k1 + (src[b + 1] & 0xff) * k2;
            sum += (src[h - 1] & 0xff) * k3 + (src[h] & 0xff) * k4 + (src[h + 1] & 0xff) * k5;
            sum += (src[a - 1] & 0xff) * k6 + (src[a] & 0xff) * k7 + (src[a + 1] & 0xff) * k8;
            dst[h] = clip8(sum);
        }
    }

    private void row5(byte[] src, byte[] dst, int width, int y, float start) {
        float[] k = weights;
        for (int x = 2; x < width - 2; x++) {
            float sum = start;
            for (int ky = 0, i = (y + 2) * width + x; ky < 25; ky += 5, i -= width) {
                sum += (src[i - 2] & 0xff) * k[ky] + (src[i - 1] & 0xff) * k[ky + 1] + (src[i] & 0xff) * k[ky + 2]
                        + (src[i + 1] & 0xff) * k[ky + 3] + (src[i + 2] & 0xff) * k[ky + 4];
            }
            dst[y * width + x] = clip8(sum);
        }
    }

    private static byte clip8(float value) {
        if (value <= 0f) {
            return 0;
        }
        if (value >= 255f) {
            return (byte) 255;
        }
        return (byte) (int) value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Kernel k && k.size == size && k.offset == offset && Arrays.equals(k.weights, weights);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(weights) + Float.hashCode(offset) + size;
    }

    @Override
    public String toString() {
        return "Kernel[size=" + size + ", weights=" + Arrays.toString(weights) + ", offset=" + offset + "]";
    }
}
