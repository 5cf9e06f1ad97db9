package dev.darkroom.operation.filter;

import java.awt.image.BufferedImage;

import dev.darkroom.operation.Operation;
import dev.darkroom.operation.Output;
import dev.darkroom.operation.Params;
import dev.darkroom.operation.Progress;
import dev.darkroom.operation.RowBands;

/**
 * Pillow's {@code UnsharpMask} (libImaging/UnsharpMask.c): Pillow's Gaussian blur, then every
 * channel whose difference from the blur exceeds the threshold moves away from it by
 * percent/100 of that difference, with C's truncating integer division.
 */
record UnsharpMask(float radius, int percent, int threshold) implements BandFilter {

    /** Ten times the difference is already a posterised mess; more is surely a typo. */
    static final int MAX_PERCENT = 1000;

    static UnsharpMask from(Params params) {
        double radius = params.number("radius", 2, 0, BoxBlur.MAX_RADIUS);
        // Pillow passes percent and threshold to C as ints and rejects floats, so we take integers.
        int percent = params.integer("percent", 150, 0, MAX_PERCENT);
        int threshold = params.integer("threshold", 3, 0, 255);
        return params.build(() -> new UnsharpMask((float) radius, percent, threshold));
    }

    @Override
    public Output apply(BufferedImage image, Progress progress) {
        GaussianBlur blur = new GaussianBlur(radius);
        return new Output.Image(Planes.map(image, progress, (src, width, height, p) -> {
            byte[] out = blur.blur(src, width, height, p.slice(0, 0.9));
            RowBands.inParallel(height, p.slice(0.9, 1), (from, to) -> {
                for (int i = from * width, end = to * width; i < end; i++) {
                    int in = src[i] & 0xff;
                    int diff = in - (out[i] & 0xff);
                    out[i] = (byte) (Math.abs(diff) > threshold ? Math.clamp(in + diff * percent / 100, 0, 255) : in);
                }
            });
            return out;
        }));
    }
}
