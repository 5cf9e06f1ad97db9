package dev.darkroom.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.darkroom.operation.Progress;
import dev.darkroom.operation.Thumbnail;
import dev.darkroom.support.TestImages;

/**
 * JPEG encoding by libjpeg-turbo against ImageIO's writer, which it replaces when the native
 * codec runs: the same file layout (baseline JFIF, 4:2:0, the IJG quality scale) and the same
 * picture after a decode, within what two correct encoders differ by. Both use the standard
 * tables scaled by quality; at some qualities ImageIO rounds one or two table entries the other
 * way (it scales in float, libjpeg in integer percent), and their colour conversion and DCT round
 * differently, so a decoded level moves by about 1 on average and more at sharp colour edges.
 */
class JpegEncodeTest {

    /** Mean absolute difference per channel, in levels of 255, between the two encoders' pictures. */
    private static final double MEAN_TOLERANCE = 1.5;
    /**
     * The largest single difference: a coefficient rounded to the neighbouring quantisation step.
     * Below quality 50 the steps are coarse (at 10, the DC step alone is 80 levels), so it is wider.
     */
    private static final int MAX_TOLERANCE = 32;
    private static final int LOW_QUALITY_MAX_TOLERANCE = 48;
    /** How much further, on average, native's picture may be from the source than ImageIO's is. */
    private static final double FIDELITY_TOLERANCE = 0.25;

    private static TurboJpeg turbo;

    @BeforeAll
    static void loadTheLibrary() {
        turbo = JpegCodecs.turbo();
        assumeTrue(turbo != null, "libturbojpeg0 is not installed");
    }

    @AfterEach
    void backToTheDefault() {
        JpegCodecs.use("auto");
    }

    @ParameterizedTest(name = "{0} at quality {1}")
    @CsvSource({"chelsea.jpg, 85", "chelsea.jpg, 50", "coffee.jpg, 85", "coffee.jpg, 95", "astronaut.jpg, 10"})
    void nativeAndImageIoWriteTheSamePicture(String photo, int quality) {
        BufferedImage source = ImageDecoder.decode(TestImages.photo(photo), Progress.NONE);
        for (BufferedImage image : new BufferedImage[] {source, Thumbnail.fit(source, 320, 320, Progress.NONE)}) {
            byte[] fast = ImageEncoder.encode(image, ImageEncoder.Format.JPEG, quality, Progress.NONE, turbo);
            byte[] reference = imageIo(image, quality);
            String what = photo + " " + image.getWidth() + "x" + image.getHeight() + " q" + quality;

            assertThat(samplingFactors(fast)).as(what + ": 4:2:0, as ImageIO writes").isEqualTo("22,11,11")
                    .isEqualTo(samplingFactors(reference));
            assertThat((double) fast.length).as(what + ": size").isCloseTo(reference.length,
                    org.assertj.core.data.Percentage.withPercentage(3));
            BufferedImage a = read(fast);
            BufferedImage b = read(reference);
            assertThat(a.getWidth()).isEqualTo(image.getWidth());
            assertThat(a.getHeight()).isEqualTo(image.getHeight());
            PixelDifference apart = PixelDifference.of(a, b);
            assertThat(apart.mean()).as(what + ": mean difference").isLessThan(MEAN_TOLERANCE);
            assertThat(apart.largest()).as(what + ": largest difference").isLessThanOrEqualTo(quality >= 50 ? MAX_TOLERANCE : LOW_QUALITY_MAX_TOLERANCE);
            assertThat(PixelDifference.of(a, image).mean()).as(what + ": as close to the source as ImageIO's")
                    .isLessThan(PixelDifference.of(b, image).mean() + FIDELITY_TOLERANCE);
        }
    }

    @Test
    void greyStaysOneChannelAndAlphaIsFlattenedOntoWhiteAsBefore() {
        BufferedImage grey = new BufferedImage(67, 45, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, Color.BLACK, 67, 45, Color.WHITE));
        g.fillRect(0, 0, 67, 45);
        g.dispose();
        byte[] fast = ImageEncoder.encode(grey, ImageEncoder.Format.JPEG, 85, Progress.NONE, turbo);
        assertThat(samplingFactors(fast)).isEqualTo(samplingFactors(imageIo(grey, 85))).isEqualTo("11");
        assertThat(PixelDifference.of(read(fast), grey).mean()).isLessThan(1.5);

        BufferedImage translucent = new BufferedImage(40, 30, BufferedImage.TYPE_INT_ARGB);
        g = translucent.createGraphics();
        g.setColor(new Color(255, 0, 0, 255));
        g.fillRect(0, 0, 20, 30);   // the right half stays transparent
        g.dispose();
        BufferedImage decoded = read(ImageEncoder.encode(translucent, ImageEncoder.Format.JPEG, 90, Progress.NONE, turbo));
        assertThat(new Color(decoded.getRGB(5, 15))).as("opaque red").satisfies(c -> assertThat(c.getRed()).isGreaterThan(240));
        assertThat(decoded.getRGB(35, 15) & 0xffffff).as("transparent becomes white").isGreaterThan(0xf0f0f0);
    }

    @Test
    void imagesLargerThanTheScratchBufferOddSizesAndSubImagesAllComeOutWhole() {
        BufferedImage photo = ImageDecoder.decode(TestImages.photo("astronaut.jpg"), Progress.NONE);
        BufferedImage large = new BufferedImage(1601, 1203, BufferedImage.TYPE_INT_RGB);   // 7.7 MB of pixels
        Graphics2D g = large.createGraphics();
        g.drawImage(photo, 0, 0, 1601, 1203, null);
        g.dispose();
        for (BufferedImage image : new BufferedImage[] {large, new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB),
                new BufferedImage(17, 9, BufferedImage.TYPE_INT_RGB), photo.getSubimage(3, 5, 101, 77),
                new BufferedImage(33, 21, BufferedImage.TYPE_3BYTE_BGR)}) {
            byte[] jpeg = ImageEncoder.encode(image, ImageEncoder.Format.JPEG, 85, Progress.NONE, turbo);
            BufferedImage back = read(jpeg);
            assertThat(back.getWidth()).isEqualTo(image.getWidth());
            assertThat(back.getHeight()).isEqualTo(image.getHeight());
            assertThat(PixelDifference.of(back, image).mean()).as("%dx%d", image.getWidth(), image.getHeight()).isLessThan(3.0);
        }
    }

    @Test
    void theJavaCodecLeavesEncodingToImageIo() {
        BufferedImage image = ImageDecoder.decode(TestImages.photo("chelsea.jpg"), Progress.NONE);
        assertThat(JpegCodecs.use("java")).isEqualTo("java");
        assertThat(ImageEncoder.encode(image, ImageEncoder.Format.JPEG, 85, Progress.NONE))
                .as("byte for byte what ImageIO writes").isEqualTo(imageIo(image, 85));

        assertThat(JpegCodecs.use("auto")).isEqualTo("libjpeg-turbo");
        assertThat(ImageEncoder.encode(image, ImageEncoder.Format.JPEG, 85, Progress.NONE))
                .isEqualTo(turbo.encode(image, 85));
    }

    /** What ImageEncoder wrote before libjpeg-turbo: ImageIO's writer at quality / 100. */
    private static byte[] imageIo(BufferedImage image, int quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Read by ImageIO, so neither encoder's output is judged by its own library. */
    private static BufferedImage read(byte[] jpeg) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
            assertThat(image).as("a JPEG ImageIO reads").isNotNull();
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SOF0's sampling factors, component by component ("22,11,11" is 4:2:0); fails on any other SOF. */
    private static String samplingFactors(byte[] jpeg) {
        int i = 2;
        while (i + 4 < jpeg.length) {
            int marker = jpeg[i + 1] & 0xff;
            int length = (jpeg[i + 2] & 0xff) << 8 | jpeg[i + 3] & 0xff;
            if (marker == 0xc0) {
                int components = jpeg[i + 9];
                StringBuilder factors = new StringBuilder();
                for (int c = 0; c < components; c++) {
                    factors.append(c == 0 ? "" : ",").append(Integer.toHexString(jpeg[i + 11 + c * 3] & 0xff));
                }
                return factors.toString();
            }
            assertThat(marker).as("baseline only").isNotIn(0xc1, 0xc2, 0xda);
            i += 2 + length;
        }
        throw new AssertionError("no SOF0");
    }
}
