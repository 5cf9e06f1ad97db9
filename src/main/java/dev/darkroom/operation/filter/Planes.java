package dev.darkroom.operation.filter;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;

import dev.darkroom.operation.Progress;
import dev.darkroom.operation.RowBands;

/**
 * Pillow filters every band of an image on its own, so our filters work on one 8-bit plane at a
 * time too: the per-band code then reads like Pillow's single-band C code and gives the same
 * numbers as its interleaved multi-band loops, which do identical arithmetic per channel.
 *
 * <p>Alpha is filtered as a fourth plane, straight (not premultiplied): that is what Pillow does
 * with RGBA for every filter, kernels and blurs included, so a blurred cut-out keeps Pillow's
 * slightly dark or light fringes rather than ours.
 */
final class Planes {

    /** Shifts of R, G, B and then A inside a packed int pixel. */
    private static final int[] SHIFTS = {16, 8, 0, 24};

    @FunctionalInterface
    interface PlaneFilter {
        /** Returns a new plane and leaves src alone: UnsharpMask still compares against it. */
        byte[] apply(byte[] src, int width, int height, Progress progress);
    }

    private Planes() {
    }

    /** Splits the image, runs the filter on each band (progress shared evenly), joins the result. */
    static BufferedImage map(BufferedImage image, Progress progress, PlaneFilter filter) {
        int width = image.getWidth();
        int height = image.getHeight();
        int type = image.getType() == BufferedImage.TYPE_INT_ARGB
                ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        int bands = type == BufferedImage.TYPE_INT_ARGB ? 4 : 3;
        int[] packed = pixels(image);
        byte[][] planes = new byte[bands][];
        for (int b = 0; b < bands; b++) {
            planes[b] = new byte[packed.length];
        }
        RowBands.inParallel(height, Progress.NONE, (from, to) -> {
            for (int b = 0; b < bands; b++) {
                byte[] plane = planes[b];
                int shift = SHIFTS[b];
                for (int i = from * width, end = to * width; i < end; i++) {
                    plane[i] = (byte) (packed[i] >>> shift);
                }
            }
        });
        BufferedImage out = new BufferedImage(width, height, type);
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int b = 0; b < bands; b++) {
            byte[] result = filter.apply(planes[b], width, height,
                    progress.slice((double) b / bands, (double) (b + 1) / bands));
            planes[b] = null;
            int shift = SHIFTS[b];
            RowBands.inParallel(height, Progress.NONE, (from, to) -> {
                for (int i = from * width, end = to * width; i < end; i++) {
                    dst[i] |= (result[i] & 0xff) << shift;
                }
            });
        }
        progress.report(1.0);
        return out;
    }

    /** The packed pixels, row-major without padding; copied only if the raster is laid out otherwise. */
    private static int[] pixels(BufferedImage image) {
        int width = image.getWidth();
        if (image.getRaster().getDataBuffer() instanceof DataBufferInt buffer
                && buffer.getNumBanks() == 1 && buffer.getOffset() == 0
                && image.getRaster().getSampleModel() instanceof SinglePixelPackedSampleModel model
                && model.getScanlineStride() == width
                && image.getRaster().getSampleModelTranslateX() == 0
                && image.getRaster().getSampleModelTranslateY() == 0
                && buffer.getData().length == width * image.getHeight()) {
            return buffer.getData();
        }
        return image.getRGB(0, 0, width, image.getHeight(), null, 0, width);
    }
}
