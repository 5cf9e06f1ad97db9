package dev.darkroom.operation.filter;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

import javax.imageio.ImageIO;

/** Loads the Pillow goldens and measures how far our output is from them. */
final class Golden {

    private Golden() {
    }

    /**
     * Reads raw samples rather than drawing the PNG onto an int image, so no colour conversion or
     * premultiplication can hide (or cause) a difference.
     */
    static BufferedImage load(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing golden " + name + "; run src/test/pillow/make_goldens.py");
            }
            BufferedImage png = ImageIO.read(in);
            int width = png.getWidth();
            int height = png.getHeight();
            Raster raster = png.getRaster();
            int bands = raster.getNumBands();
            if (bands != 3 && bands != 4) {
                throw new IllegalStateException(name + " has " + bands + " bands; goldens are RGB or RGBA");
            }
            int[] samples = raster.getPixels(0, 0, width, height, (int[]) null);
            BufferedImage image = new BufferedImage(width, height,
                    bands == 4 ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
            int[] packed = new int[width * height];
            for (int i = 0, s = 0; i < packed.length; i++, s += bands) {
                int alpha = bands == 4 ? samples[s + 3] : 0xff;
                packed[i] = alpha << 24 | samples[s] << 16 | samples[s + 1] << 8 | samples[s + 2];
            }
            image.setRGB(0, 0, width, height, packed, 0, width);
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Per-channel comparison over R, G, B and, if either image has it, A. */
    record Difference(int maxChannel, double psnr, int differingChannels) {

        static Difference between(BufferedImage expected, BufferedImage actual) {
            int width = expected.getWidth();
            int height = expected.getHeight();
            if (actual.getWidth() != width || actual.getHeight() != height) {
                throw new AssertionError("size " + actual.getWidth() + "x" + actual.getHeight()
                        + ", Pillow's is " + width + "x" + height);
            }
            boolean alpha = expected.getColorModel().hasAlpha() || actual.getColorModel().hasAlpha();
            int[] e = expected.getRGB(0, 0, width, height, null, 0, width);
            int[] a = actual.getRGB(0, 0, width, height, null, 0, width);
            int max = 0;
            int differing = 0;
            long squares = 0;
            int channels = alpha ? 4 : 3;
            for (int i = 0; i < e.length; i++) {
                for (int c = 0; c < channels; c++) {
                    int shift = 8 * c;
                    int d = Math.abs(((e[i] >>> shift) & 0xff) - ((a[i] >>> shift) & 0xff));
                    max = Math.max(max, d);
                    squares += (long) d * d;
                    differing += d == 0 ? 0 : 1;
                }
            }
            double mse = (double) squares / ((long) e.length * channels);
            double psnr = mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
            return new Difference(max, psnr, differing);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "max channel difference %d, PSNR %.2f dB, %d channel values differ",
                    maxChannel, psnr, differingChannels);
        }
    }
}
