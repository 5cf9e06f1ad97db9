package dev.darkroom.operation.filter;

import java.awt.image.BufferedImage;
import java.util.Arrays;

import dev.darkroom.operation.Operation;
import dev.darkroom.operation.Output;
import dev.darkroom.operation.Param;
import dev.darkroom.operation.Params;
import dev.darkroom.operation.Progress;
import dev.darkroom.operation.RowBands;

/**
 * Pillow's {@code RankFilter}, which MedianFilter, MinFilter and MaxFilter are too: each channel's
 * value of the given rank (0 = darkest) in a size x size window. Pillow first expands the image by
 * size/2 repeating the border pixels, so windows at the border count those pixels several times;
 * clamping coordinates does the same without the copy.
 *
 * <p>Pillow sorts every window (quickselect, O(size²) per pixel); a sliding histogram gives the
 * same order statistic in O(size) per pixel plus a 16 + 16 bucket walk.
 */
record RankFilter(int size, int rank) implements BandFilter {

    /** A 25 x 25 window is already a heavy smear; the cost grows with the size. */
    static final int MAX_SIZE = 25;

    /** Pillow's "bad filter size": a window needs a centre pixel, so sizes are odd. */
    static final Param.IntParam SIZE = Param.integer("size", "Window size", 1, MAX_SIZE).odd()
            .described("Pixels on each side of the square window; odd");
    /** The size the Median, Min, Max and Mode filters share: odd, default 3. */
    static final Param.IntParam WINDOW = SIZE.byDefault(3);
    static final Param.IntParam RANK = Param.integer("rank", "Rank", 0, Integer.MAX_VALUE)
            .described("Which value of the sorted window: 0 is the least, size × size − 1 the greatest");

    static RankFilter from(Params params) {
        int size = SIZE.read(params);
        int rank = RANK.read(params);
        // Only a size the user really gave, and gave right, bounds the rank.
        if (params.valid("size") && params.valid("rank") && rank > size * size - 1) {
            params.violation("rank", "must be between 0 and " + (size * size - 1) + " (size * size - 1), got " + rank);
        }
        return params.build(() -> new RankFilter(size, rank));
    }

    @Override
    public Output apply(BufferedImage image, Progress progress) {
        return new Output.Image(Planes.map(image, progress, this::filter));
    }

    private byte[] filter(byte[] src, int width, int height, Progress progress) {
        int margin = size / 2;
        byte[] dst = new byte[src.length];
        RowBands.inParallel(height, progress, (from, to) -> {
            int[] histogram = new int[256];
            int[] coarse = new int[16];
            int[] rows = new int[size];
            for (int y = from; y < to; y++) {
                Arrays.fill(histogram, 0);
                Arrays.fill(coarse, 0);
                for (int j = 0; j < size; j++) {
                    rows[j] = Math.clamp(y - margin + j, 0, height - 1) * width;
                }
                for (int dx = -margin; dx <= margin; dx++) {
                    int column = Math.clamp(dx, 0, width - 1);
                    for (int row : rows) {
                        int v = src[row + column] & 0xff;
                        histogram[v]++;
                        coarse[v >>> 4]++;
                    }
                }
                int out = y * width;
                dst[out] = select(histogram, coarse, rank);
                for (int x = 1; x < width; x++) {
                    int leaving = Math.max(x - 1 - margin, 0);
                    int entering = Math.min(x + margin, width - 1);
                    if (leaving != entering) {
                        for (int row : rows) {
                            int v = src[row + leaving] & 0xff;
                            histogram[v]--;
                            coarse[v >>> 4]--;
                            v = src[row + entering] & 0xff;
                            histogram[v]++;
                            coarse[v >>> 4]++;
                        }
                    }
                    dst[out + x] = select(histogram, coarse, rank);
                }
            }
        });
        return dst;
    }

    private static byte select(int[] histogram, int[] coarse, int rank) {
        int k = rank;
        int bucket = 0;
        while (coarse[bucket] <= k) {
            k -= coarse[bucket++];
        }
        int v = bucket << 4;
        while (histogram[v] <= k) {
            k -= histogram[v++];
        }
        return (byte) v;
    }
}
