package dev.darkroom.operation;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;

/**
 * Black and white by luminosity, L = 0.21 R + 0.72 G + 0.07 B, rounded to the nearest level.
 * Opaque images come out as 8-bit grey (a third of the PNG size of RGB); images with alpha keep it.
 */
record Grayscale() implements Operation {

    static final OperationSpec SPEC = OperationSpec.of("grayscale", "Black and white",
            "Luminosity L = 0.21 R + 0.72 G + 0.07 B; transparency is kept",
            OperationSpec.Result.IMAGE, java.util.List.of(), Grayscale::from);

    static Grayscale from(Params params) {
        return params.build(Grayscale::new);
    }

    /**
     * The formula in integer arithmetic; equal to rounding 0.21 R + 0.72 G + 0.07 B. The division
     * by 100 is a multiply and shift (exact for every sum up to 25550, the largest here), so the
     * loops below have no division and C2 can vectorise them.
     */
    static int luminosity(int rgb) {
        int r = (rgb >>> 16) & 0xff;
        int g = (rgb >>> 8) & 0xff;
        int b = rgb & 0xff;
        return (21 * r + 72 * g + 7 * b + 50) * 5243 >>> 19;
    }

    @Override
    public Output apply(BufferedImage image, Progress progress) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] src = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        boolean alpha = image.getColorModel().hasAlpha();
        BufferedImage out = new BufferedImage(width, height,
                alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_BYTE_GRAY);
        RowBands.inParallel(height, progress, (from, to) -> {
            if (alpha) {
                int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
                for (int i = from * width, end = to * width; i < end; i++) {
                    int l = luminosity(src[i]);
                    dst[i] = (src[i] & 0xff000000) | l << 16 | l << 8 | l;
                }
            } else {
                byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
                for (int i = from * width, end = to * width; i < end; i++) {
                    dst[i] = (byte) luminosity(src[i]);
                }
            }
        });
        return new Output.Image(out);
    }
}
