package dev.darkroom.operation.filter;

import java.awt.image.BufferedImage;

import dev.darkroom.operation.Operation;
import dev.darkroom.operation.Output;
import dev.darkroom.operation.Param;
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

    static final Param.NumberParam RADIUS = Param.number("radius", "Radius", 0, BoxBlur.MAX_RADIUS).byDefault(2)
            .described("Blur radius in pixels");
    // Pillow passes percent and threshold to C as ints and rejects floats, so we take integers.
    static final Param.IntParam PERCENT = Param.integer("percent", "Percent", 0, MAX_PERCENT).byDefault(150)
            .described("Strength of the sharpening");
    static final Param.IntParam THRESHOLD = Param.integer("threshold", "Threshold", 0, 255).byDefault(3)
            .described("Least difference from the blur, in levels, that is sharpened");

    static UnsharpMask from(Params params) {
        double radius = RADIUS.read(params);
        int percent = PERCENT.read(params);
        int threshold = THRESHOLD.read(params);
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
