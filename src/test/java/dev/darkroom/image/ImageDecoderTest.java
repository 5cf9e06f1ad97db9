package dev.darkroom.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.darkroom.operation.DecodeHint;
import dev.darkroom.operation.Progress;
import dev.darkroom.support.TestImages;

class ImageDecoderTest {

    private static byte[] fixture(String name) {
        try (InputStream in = ImageDecoderTest.class.getResourceAsStream("/decoder/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The compass of make_decoder_fixtures.py: red, green / blue, yellow, read at each corner. */
    private static void assertUprightCompass(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        assertThat(w).as("upright width").isGreaterThan(h);
        assertThat(name(image.getRGB(w / 12, h / 8))).as("top left").isEqualTo("red");
        assertThat(name(image.getRGB(w - 1 - w / 12, h / 8))).as("top right").isEqualTo("green");
        assertThat(name(image.getRGB(w / 12, h - 1 - h / 8))).as("bottom left").isEqualTo("blue");
        assertThat(name(image.getRGB(w - 1 - w / 12, h - 1 - h / 8))).as("bottom right").isEqualTo("yellow");
    }

    private static String name(int rgb) {
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        if (r > 180 && g > 160 && b < 100) {
            return "yellow";
        }
        if (r > 180 && g < 100 && b < 100) {
            return "red";
        }
        if (g > 140 && r < 100 && b < 100) {
            return "green";
        }
        if (b > 180 && r < 100 && g < 100) {
            return "blue";
        }
        return String.format("#%06x", rgb & 0xffffff);
    }

    @ParameterizedTest(name = "EXIF orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyExifOrientationComesOutUpright(int orientation) {
        byte[] file = fixture("orientation-" + orientation + ".jpg");
        BufferedImage stored = TestImages.decode(file);
        assertThat(stored.getWidth()).as("stored width").isEqualTo(orientation >= 5 ? 40 : 60);

        BufferedImage image = ImageDecoder.decode(file, Progress.NONE);

        assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(image.getWidth()).isEqualTo(60);
        assertThat(image.getHeight()).isEqualTo(40);
        assertUprightCompass(image);
    }

    @ParameterizedTest(name = "EXIF orientation {0}")
    @ValueSource(ints = {1, 6, 8})
    void aThumbnailDecodeKeepsOrientationAndMeasuresTheFitUpright(int orientation) {
        byte[] file = fixture("orientation-" + orientation + ".jpg");

        // Upright 60x40 fitted into 7x40 is scaled by 7/60, under 1/8: JPEG blocks average to 8x5.
        // Measured on the stored 40x60 instead, the scale would be 7/40 and the blocks 1/4.
        BufferedImage image = ImageDecoder.decode(file, DecodeHint.fitInside(7, 40), Progress.NONE);

        assertThat(image.getWidth()).isEqualTo(8);
        assertThat(image.getHeight()).isEqualTo(5);
        assertUprightCompass(image);
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "gif", "bmp"})
    void aRunStoppedWhileImageIoDecodesIsStoppedNotADamagedFile(String format) {
        // A job cancelled while its PNG was decoded failed as "the PNG file is damaged": the PNG
        // reader wraps whatever its progress listener throws. Seen in an end-to-end run.
        byte[] file = TestImages.generated(600, 400, format);
        RuntimeException cancelled = new IllegalStateException("cancelled by request");

        assertThatThrownBy(() -> ImageDecoder.decode(file, fraction -> {
            if (fraction > 0) {
                throw cancelled;
            }
        })).isSameAs(cancelled);
    }

    @Test
    void aLargeNonJpegDecodesSubsampledButStillTwiceTheThumbnail() {
        byte[] file = TestImages.generated(3000, 2000, "png");

        BufferedImage image = ImageDecoder.decode(file, DecodeHint.fitInside(320, 320), Progress.NONE);

        // 3000x2000 into 320x320 is 320x213; twice that is 640x427; 3000/4 = 750 is the largest step allowed.
        assertThat(image.getWidth()).isEqualTo(750);
        assertThat(image.getHeight()).isEqualTo(500);
    }

    @Test
    void aLargeJpegDecodesAsBlockAveragesNoSmallerThanTheThumbnail() {
        byte[] file = TestImages.generated(3000, 2000, "jpg");

        BufferedImage image = ImageDecoder.decode(file, DecodeHint.fitInside(320, 320), Progress.NONE);

        // The fit scales by 0.107, under 1/8, so 8x8 blocks: 375x250, still above 320x213.
        assertThat(image.getWidth()).isEqualTo(375);
        assertThat(image.getHeight()).isEqualTo(250);
    }

    @Test
    void aThumbnailDecodeOfALargeJpegReportsProgressAsItGoes() {
        // On the pure-Java path; libjpeg-turbo decodes in one native call, fast enough not to need it.
        byte[] file = TestImages.generated(4000, 3000, "jpg");
        java.util.List<Double> seen = new java.util.ArrayList<>();

        ImageDecoder.decode(file, DecodeHint.fitInside(320, 320), seen::add, JavaJpeg.INSTANCE);

        assertThat(seen.stream().filter(f -> f > 0 && f < 1).distinct().count()).isGreaterThanOrEqualTo(10);
        assertThat(seen.getLast()).isEqualTo(1.0);
    }

    @Test
    void aProgressiveJpegFallsBackToSubsamplingOnThePureJavaPath() {
        byte[] file = fixture("variant-progressive.jpg");    // 203x157

        BufferedImage image = ImageDecoder.decode(file, DecodeHint.fitInside(20, 20), Progress.NONE, JavaJpeg.INSTANCE);

        // Fit 20x15, twice is 40x31: every 5th pixel, 41x32.
        assertThat(image.getWidth()).isEqualTo(41);
        assertThat(image.getHeight()).isEqualTo(32);
    }

    @Test
    void aProgressiveJpegIsScaledAsItDecodesByLibjpegTurbo() {
        org.junit.jupiter.api.Assumptions.assumeTrue(JpegCodecs.turbo() != null, "libturbojpeg0 is not installed");
        byte[] file = fixture("variant-progressive.jpg");    // 203x157

        BufferedImage image = ImageDecoder.decode(file, DecodeHint.fitInside(20, 20), Progress.NONE, JpegCodecs.turbo());

        // Fit 20x15: 1/8 gives 26x20, the smallest scale still as large as the fit.
        assertThat(image.getWidth()).isEqualTo(26);
        assertThat(image.getHeight()).isEqualTo(20);
    }

    @Test
    void aCmykJpegIsConvertedToSrgb() {
        BufferedImage image = ImageDecoder.decode(fixture("cmyk.jpg"), Progress.NONE);

        assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(image.getColorModel().getColorSpace().isCS_sRGB()).isTrue();
        assertThat(image.getWidth()).isEqualTo(60);
        assertUprightCompass(image);
    }

    @Test
    void aJpegWithAnotherRgbProfileIsConvertedToSrgb() {
        // Mid grey in linear light is much lighter in sRGB (128 → about 188): a decoder that
        // ignored the embedded profile would hand back 128.
        BufferedImage grey = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                grey.setRGB(x, y, 0x808080);
            }
        }
        byte[] jpeg = jpegWithProfile(grey, linearRgbProfileFromElsewhere());

        BufferedImage image = ImageDecoder.decode(jpeg, Progress.NONE);

        assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(image.getRGB(8, 8) & 0xff).isBetween(180, 196);
        assertThat(ImageDecoder.decode(jpeg, DecodeHint.fitInside(2, 2), Progress.NONE).getRGB(0, 0) & 0xff)
                .as("the thumbnail path too").isBetween(180, 196);
    }

    /**
     * The JDK's linear-RGB profile with another creation date. TwelveMonkeys judges "is this
     * sRGB" by the header, and the JDK's own profiles share sRGB's, so unchanged it would pass
     * for sRGB and test nothing.
     */
    private static java.awt.color.ICC_Profile linearRgbProfileFromElsewhere() {
        byte[] data = java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_LINEAR_RGB).getData();
        data[25] ^= 0x07;   // creation year, low byte
        return java.awt.color.ICC_Profile.getInstance(data);
    }

    /** A plain JPEG with an APP2 ICC_PROFILE segment spliced in after SOI, as cameras and editors write it. */
    private static byte[] jpegWithProfile(BufferedImage image, java.awt.color.ICC_Profile profile) {
        byte[] plain = TestImages.encode(image, "jpg");
        byte[] icc = profile.getData();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(plain, 0, 2);
        int length = 2 + 12 + 2 + icc.length;
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE2, (byte) (length >> 8), (byte) length});
        out.writeBytes("ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {1, 1});
        out.writeBytes(icc);
        out.write(plain, 2, plain.length - 2);
        return out.toByteArray();
    }

    @Test
    void anAnimatedGifGivesItsFirstFrameWithItsTransparency() {
        BufferedImage image = ImageDecoder.decode(fixture("animated.gif"), Progress.NONE);

        assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_ARGB);
        assertUprightCompass(image);
        assertThat(image.getRGB(30, 20) >>> 24).as("alpha of the hole").isZero();
        assertThat(image.getRGB(5, 5) >>> 24).as("alpha elsewhere").isEqualTo(255);
    }

    @Test
    void aPngWithAlphaKeepsIt() {
        BufferedImage argb = new BufferedImage(20, 10, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(3, 4, 0x80ff0000);

        BufferedImage image = ImageDecoder.decode(TestImages.encode(argb, "png"), Progress.NONE);

        assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_ARGB);
        assertThat(image.getRGB(3, 4)).isEqualTo(0x80ff0000);
        assertThat(image.getRGB(0, 0) >>> 24).isZero();
    }

    @Test
    void aGreyJpegStaysTheSameGrey() {
        BufferedImage gray = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = gray.createGraphics();
        g.setColor(new Color(100, 100, 100));
        g.fillRect(0, 0, 16, 16);
        g.dispose();

        BufferedImage image = ImageDecoder.decode(TestImages.encode(gray, "png"), Progress.NONE);

        assertThat(image.getRGB(8, 8) & 0xffffff).isEqualTo(0x646464);
    }

    @Test
    void aTruncatedJpegIsRefusedAsTruncatedNotHalfGrey() {
        byte[] photo = TestImages.photo("chelsea.jpg");

        assertThatThrownBy(() -> ImageDecoder.decode(Arrays.copyOf(photo, photo.length / 2), Progress.NONE))
                .isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining("JPEG file is truncated");
    }

    @Test
    void aTruncatedPngIsRefusedAsTruncated() {
        byte[] png = TestImages.generated(200, 200, "png");

        assertThatThrownBy(() -> ImageDecoder.decode(Arrays.copyOf(png, png.length / 2), Progress.NONE))
                .isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining("PNG file is truncated");
    }

    @Test
    void aJpegWithGarbageForDataSaysItIsDamaged() {
        byte[] photo = TestImages.photo("chelsea.jpg");
        byte[] broken = photo.clone();
        for (int i = 200; i < broken.length; i++) {
            broken[i] = (byte) (i * 31);
        }

        assertThatThrownBy(() -> ImageDecoder.decode(broken, Progress.NONE))
                .isInstanceOf(UnreadableImageException.class)
                .hasMessageStartingWith("the JPEG file is");
    }

    @Test
    void aBombHeaderIsRefusedBeforeAnyPixelIsAllocated() {
        assertThatThrownBy(() -> ImageDecoder.decode(BadFiles.pngClaiming(100_000, 100_000), Progress.NONE))
                .isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining("100000x100000")
                .hasMessageContaining("10000.0 MP");
    }

    @Test
    void emptyTextAndUnsupportedFormatsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ImageDecoder.decode(new byte[0], Progress.NONE)).hasMessage("the file is empty");
        assertThatThrownBy(() -> ImageDecoder.decode("hello, world".getBytes(), Progress.NONE))
                .isInstanceOf(UnreadableImageException.class).hasMessageContaining("not an image");
        assertThatThrownBy(() -> ImageDecoder.decode(BadFiles.psdHeader(), Progress.NONE))
                .isInstanceOf(UnreadableImageException.class).hasMessageContaining("not an image");
        assertThatThrownBy(() -> ImageDecoder.decode(BadFiles.icoHeader(), Progress.NONE))
                .isInstanceOf(UnreadableImageException.class).hasMessageContaining("not an image");
    }

    @Test
    void decodingReportsProgressUpToOne() {
        java.util.List<Double> seen = new java.util.ArrayList<>();
        ImageDecoder.decode(TestImages.photo("coffee.jpg"), seen::add);

        assertThat(seen).isNotEmpty().allMatch(f -> f >= 0 && f <= 1);
        assertThat(seen.getLast()).isEqualTo(1.0);
    }
}
