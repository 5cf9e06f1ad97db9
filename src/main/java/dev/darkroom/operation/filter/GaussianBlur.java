package dev.darkroom.operation.filter;

import java.awt.image.BufferedImage;

import dev.darkroom.operation.Operation;
import dev.darkroom.operation.Output;
import dev.darkroom.operation.Param;
import dev.darkroom.operation.Params;
import dev.darkroom.operation.Progress;

/**
 * Pillow's {@code GaussianBlur}: not a true Gaussian but three extended box blurs whose radius is
 * chosen so their variance equals radius² (Gwosdek et al., as in BoxBlur.c). Matching Pillow means
 * doing exactly that, in the same float32 steps, rather than convolving with a sampled Gaussian.
 */
record GaussianBlur(float radius) implements BandFilter {

    static final int PASSES = 3;

    static final Param.NumberParam RADIUS = Param.number("radius", "Radius", 0, BoxBlur.MAX_RADIUS).byDefault(2)
            .described("Standard deviation in pixels");

    static GaussianBlur from(Params params) {
        double radius = RADIUS.read(params);
        return params.build(() -> new GaussianBlur((float) radius));
    }

    @Override
    public Output apply(BufferedImage image, Progress progress) {
        return new Output.Image(Planes.map(image, progress, this::blur));
    }

    byte[] blur(byte[] src, int width, int height, Progress progress) {
        return BoxBlur.blur(src, width, height, boxRadius(radius, PASSES), PASSES, progress);
    }

    /**
     * _gaussian_blur_radius in BoxBlur.c. Its variables are C floats while sqrt and floor run in
     * double; the casts below keep each step in the precision C uses, so the box radius (and with
     * it every fixed-point weight) is the very same float.
     */
    static float boxRadius(float radius, int passes) {
        float sigma2 = radius * radius / passes;
        float length = (float) Math.sqrt(12.0 * sigma2 + 1.0);
        float l = (float) Math.floor((length - 1.0) / 2.0);
        float a = (2 * l + 1) * (l * (l + 1) - 3 * sigma2);
        a /= 6 * (sigma2 - (l + 1) * (l + 1));
        return l + a;
    }
}
