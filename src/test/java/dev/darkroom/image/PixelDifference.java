package dev.darkroom.image;

import java.awt.image.BufferedImage;

/** How far apart two pictures of the same size are, per channel, in levels of 255. */
record PixelDifference(double mean, int largest) {

    static PixelDifference of(BufferedImage a, BufferedImage b) {
        int[] pa = a.getRGB(0, 0, a.getWidth(), a.getHeight(), null, 0, a.getWidth());
        int[] pb = b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth());
        long total = 0;
        int worst = 0;
        for (int i = 0; i < pa.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                int d = Math.abs((pa[i] >> shift & 0xff) - (pb[i] >> shift & 0xff));
                total += d;
                worst = Math.max(worst, d);
            }
        }
        return new PixelDifference(total / (pa.length * 3.0), worst);
    }
}
