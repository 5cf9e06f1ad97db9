package dev.darkroom.operation.filter;

import java.awt.image.BufferedImage;
import java.util.Arrays;

import dev.darkroom.operation.Operation;
import dev.darkroom.operation.Output;
import dev.darkroom.operation.Params;
import dev.darkroom.operation.Progress;
import dev.darkroom.operation.RowBands;

/**
 * Pillow's {@code ModeFilter} (libImaging/ModeFilter.c), per channel: the most frequent value in
 * the window, the lowest one on a tie, but only if it occurs more than twice; otherwise the pixel
 * keeps its value. Unlike the rank filters, the window is cut off at the border, not padded.
 *
 * <p>Pillow rebuilds a histogram per pixel; we slide it and track the highest count with a count
 * of counts, so the 256-value scan only runs when a mode is actually taken.
 */
record ModeFilter(int size) implements BandFilter {

    static ModeFilter from(Params params) {
        // Pillow silently treats an even size n as n + 1; we ask for what it will do.
        int size = RankFilter.WINDOW.read(params);
        return params.build(() -> new ModeFilter(size));
    }

    @Override
    public Output apply(BufferedImage image, Progress progress) {
        return new Output.Image(Planes.map(image, progress, this::filter));
    }

    private byte[] filter(byte[] src, int width, int height, Progress progress) {
        int half = size / 2;
        byte[] dst = new byte[src.length];
        RowBands.inParallel(height, progress, (from, to) -> {
            int[] histogram = new int[256];
            int[] countsOf = new int[size * size + 1];
            for (int y = from; y < to; y++) {
                Arrays.fill(histogram, 0);
                Arrays.fill(countsOf, 0);
                int top = Math.max(0, y - half) * width;
                int bottom = Math.min(height - 1, y + half) * width;
                int max = 0;
                for (int x = 0; x <= Math.min(half, width - 1); x++) {
                    max = add(src, x, top, bottom, width, histogram, countsOf, max);
                }
                for (int x = 0; x < width; x++) {
                    if (x > 0) {
                        if (x - 1 - half >= 0) {
                            max = remove(src, x - 1 - half, top, bottom, width, histogram, countsOf, max);
                        }
                        if (x + half < width) {
                            max = add(src, x + half, top, bottom, width, histogram, countsOf, max);
                        }
                    }
                    int i = y * width + x;
                    if (max > 2) {
                        int v = 0;
                        while (histogram[v] != max) {
                            v++;
                        }
                        dst[i] = (byte) v;
                    } else {
                        dst[i] = src[i];
                    }
                }
            }
        });
        return dst;
    }

    private static int add(byte[] src, int column, int top, int bottom, int width, int[] histogram,
            int[] countsOf, int max) {
        for (int row = top; row <= bottom; row += width) {
            int count = ++histogram[src[row + column] & 0xff];
            countsOf[count - 1]--;
            countsOf[count]++;
            max = Math.max(max, count);
        }
        return max;
    }

    private static int remove(byte[] src, int column, int top, int bottom, int width, int[] histogram,
            int[] countsOf, int max) {
        for (int row = top; row <= bottom; row += width) {
            int count = --histogram[src[row + column] & 0xff];
            countsOf[count + 1]--;
            countsOf[count]++;
            if (countsOf[max] == 0) {
                max--;
            }
        }
        return max;
    }
}
