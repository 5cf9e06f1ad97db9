package dev.darkroom.operation;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThumbnailTest {

    /** Awkward sizes on purpose: slivers, primes, off-by-one around the box, tiny, huge. */
    private static List<int[]> cases() {
        List<int[]> cases = new ArrayList<>(List.of(
                new int[] {1, 5000, 320, 320}, new int[] {5000, 1, 320, 320}, new int[] {321, 320, 320, 320},
                new int[] {320, 321, 320, 320}, new int[] {320, 320, 320, 320}, new int[] {100, 50, 320, 320},
                new int[] {1, 1, 320, 320}, new int[] {2, 3, 1, 1}, new int[] {7919, 7907, 320, 320},
                new int[] {4567, 3041, 320, 200}, new int[] {641, 2, 320, 320}, new int[] {3, 997, 1, 320},
                new int[] {4000, 3000, 4096, 1}, new int[] {997, 991, 997, 990}, new int[] {12000, 10000, 320, 320}));
        SplittableRandom random = new SplittableRandom(20261121);
        for (int i = 0; i < 2000; i++) {
            cases.add(new int[] {random.nextInt(1, 20_000), random.nextInt(1, 20_000),
                    random.nextInt(1, 4097), random.nextInt(1, 4097)});
        }
        return cases;
    }

    private static void assertFits(int w, int h, int maxW, int maxH, int tw, int th) {
        String c = w + "x" + h + " into " + maxW + "x" + maxH + " gave " + tw + "x" + th;
        assertThat(tw).as(c).isBetween(1, maxW);
        assertThat(th).as(c).isBetween(1, maxH);
        assertThat(tw).as(c + ": never wider than the original").isLessThanOrEqualTo(w);
        assertThat(th).as(c + ": never taller than the original").isLessThanOrEqualTo(h);
        if (w <= maxW && h <= maxH) {
            assertThat(new int[] {tw, th}).as(c + ": already fits, so unchanged").containsExactly(w, h);
            return;
        }
        assertThat(tw == maxW || th == maxH).as(c + ": one side touches the box").isTrue();
        // The side that does not touch follows the aspect to within a pixel (at least one pixel).
        double expectedHeight = (double) tw * h / w;
        double expectedWidth = (double) th * w / h;
        boolean aspectKept = (tw == maxW && Math.abs(th - Math.max(1, expectedHeight)) <= 1)
                || (th == maxH && Math.abs(tw - Math.max(1, expectedWidth)) <= 1);
        assertThat(aspectKept).as(c + ": aspect within one pixel").isTrue();
    }

    @Test
    void theSizeAlwaysFitsTheBoxKeepsTheAspectAndNeverUpscales() {
        for (int[] c : cases()) {
            int[] size = Thumbnail.size(c[0], c[1], c[2], c[3]);
            assertFits(c[0], c[1], c[2], c[3], size[0], size[1]);
        }
    }

    @Test
    void realImagesComeOutAtThatSize() {
        SplittableRandom random = new SplittableRandom(7);
        List<int[]> cases = new ArrayList<>(cases().subList(0, 15));
        for (int i = 0; i < 60; i++) {
            cases.add(new int[] {random.nextInt(1, 1500), random.nextInt(1, 1500), random.nextInt(1, 400), random.nextInt(1, 400)});
        }
        for (int[] c : cases) {
            if ((long) c[0] * c[1] > 30_000_000) {
                continue;
            }
            for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB}) {
                BufferedImage thumb = Thumbnail.fit(new BufferedImage(c[0], c[1], type), c[2], c[3], Progress.NONE);
                assertFits(c[0], c[1], c[2], c[3], thumb.getWidth(), thumb.getHeight());
                assertThat(thumb.getType()).isEqualTo(type);
            }
        }
    }

    @Test
    void aSmallImageIsNotUpscaled() {
        BufferedImage small = new BufferedImage(100, 50, BufferedImage.TYPE_INT_RGB);

        BufferedImage thumb = Thumbnail.fit(small, 320, 320, Progress.NONE);

        assertThat(thumb.getWidth()).isEqualTo(100);
        assertThat(thumb.getHeight()).isEqualTo(50);
    }

    /**
     * One-pixel black and white stripes: a resize that skips pixels shows stripes or a flat black
     * or white; averaging shows the grey they make together. 4000×3000 is a large box reduction;
     * 750×500 (a 6000×4000 JPEG after libjpeg-turbo's 1/8) is from 2 to 4 times the box, where the
     * last step is a 2×2 average and one bicubic resize: the bicubic alone, 4 taps over 2.3 pixels
     * a step, would pick stripes and show them.
     */
    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"4000, 3000, 240", "750, 500, 213"})
    void reducingAveragesBlocksSoFineDetailBecomesItsMeanColourNotMoire(int width, int height, int thumbHeight) {
        BufferedImage stripes = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x += 2) {
                stripes.setRGB(x, y, 0xffffff);
            }
        }

        BufferedImage thumb = Thumbnail.fit(stripes, 320, 320, Progress.NONE);

        assertThat(thumb.getWidth()).isEqualTo(320);
        assertThat(thumb.getHeight()).isEqualTo(thumbHeight);
        for (int y = 10; y < thumbHeight - 10; y += 37) {
            for (int x = 10; x < 310; x += 41) {
                assertThat(thumb.getRGB(x, y) & 0xff).as("at %d,%d", x, y).isBetween(120, 135);
            }
        }
    }

    @Test
    void transparentPixelsDoNotBleedTheirColourIntoTheEdge() {
        BufferedImage image = new BufferedImage(2000, 2000, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 2000; y++) {
            for (int x = 0; x < 2000; x++) {
                // Opaque red on the left; on the right, invisible green.
                image.setRGB(x, y, x < 1005 ? 0xffff0000 : 0x0000ff00);
            }
        }

        BufferedImage thumb = Thumbnail.fit(image, 100, 100, Progress.NONE);

        int partlyTransparent = 0;
        for (int x = 0; x < 100; x++) {
            int p = thumb.getRGB(x, 50);
            if (p >>> 24 > 0) {
                assertThat(p >> 8 & 0xff).as("green at x=%d, alpha %d", x, p >>> 24).isLessThan(24);
                partlyTransparent += p >>> 24 < 250 ? 1 : 0;
            }
        }
        assertThat(partlyTransparent).as("pixels of the soft edge").isPositive();
        assertThat(thumb.getRGB(10, 50)).isEqualTo(0xffff0000);
        assertThat(thumb.getRGB(90, 50) >>> 24).isZero();
    }

    @Test
    void aFourteenMegapixelPhotoReportsProgressAsItGoes() {
        BufferedImage photo = new BufferedImage(4592, 3056, BufferedImage.TYPE_INT_RGB);
        List<Double> seen = new CopyOnWriteArrayList<>();

        Thumbnail.fit(photo, 320, 320, seen::add);

        assertThat(seen.stream().filter(f -> f > 0 && f < 1).distinct().count())
                .as("distinct values strictly between 0 and 1").isGreaterThanOrEqualTo(10);
        assertThat(seen).allMatch(f -> f >= 0 && f <= 1);
        assertThat(seen.getLast()).isEqualTo(1.0);
    }

    @Test
    void asksTheDecoderForTwiceItsBoxAtMost() {
        Thumbnail thumbnail = new Thumbnail(320, 200);

        assertThat(thumbnail.decodeHint()).isEqualTo(DecodeHint.fitInside(320, 200));
        // 4592x3056 into 320x200 is 300x200; twice that allows every 7th pixel (656x437).
        assertThat(thumbnail.decodeHint().subsampling(4592, 3056)).isEqualTo(7);
        assertThat(thumbnail.decodeHint().subsampling(300, 200)).isEqualTo(1);
    }

    @Test
    void theLastStepMatchesTheJava2dBicubicResizeItReplaces() throws java.io.IOException {
        BufferedImage photo = dev.darkroom.image.ImageDecoder.decode(
                getClass().getResourceAsStream("/photos/coffee.jpg").readAllBytes(), Progress.NONE);
        for (int[] size : new int[][] {{320, 213}, {599, 397}, {301, 201}}) {
            BufferedImage expected = org.imgscalr.Scalr.resize(photo, org.imgscalr.Scalr.Method.QUALITY,
                    org.imgscalr.Scalr.Mode.FIT_EXACT, size[0], size[1]);
            BufferedImage actual = Thumbnail.bicubic(photo, size[0], size[1]);
            long total = 0;
            int largest = 0;
            for (int y = 0; y < size[1]; y++) {
                for (int x = 0; x < size[0]; x++) {
                    int p = expected.getRGB(x, y);
                    int q = actual.getRGB(x, y);
                    for (int shift = 0; shift < 24; shift += 8) {
                        int diff = Math.abs((p >> shift & 0xff) - (q >> shift & 0xff));
                        total += diff;
                        largest = Math.max(largest, diff);
                    }
                }
            }
            assertThat((double) total / (3 * size[0] * size[1])).as("mean difference at %dx%d", size[0], size[1]).isLessThan(0.1);
            assertThat(largest).as("largest difference at %dx%d", size[0], size[1]).isLessThanOrEqualTo(2);
        }
    }
}
