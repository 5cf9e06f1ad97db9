package dev.darkroom.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.darkroom.operation.DecodeHint;
import dev.darkroom.operation.Progress;
import dev.darkroom.operation.Thumbnail;
import dev.darkroom.support.TestImages;

/**
 * Both JPEG codecs, libjpeg-turbo and the pure-Java fallback, on the same varied files: they must
 * give the same picture, within what two correct JPEG decoders may differ by (their IDCTs and
 * chroma upsampling round differently: a level or two on average, more on sharp colour edges),
 * and refuse the same malformed files.
 */
class JpegCodecTest {

    /** Mean absolute difference per channel, in levels of 255, that two correct decodes stay under. */
    private static final double MEAN_TOLERANCE = 1.5;
    /**
     * A thumbnail from a scaled decode against the thumbnail of the full decode: the scaled IDCT
     * and the resize's own box filter average slightly different pixels.
     */
    private static final double THUMBNAIL_MEAN_TOLERANCE = 3.0;
    /**
     * Against the thumbnail of a full decode the filter chains differ too (a 2×2 box, then
     * bicubic, against a scaled IDCT, then bicubic): on the fixtures' fine test patterns, 4.4.
     */
    private static final double REFERENCE_THUMBNAIL_MEAN_TOLERANCE = 5.0;
    /** The largest single difference: chroma edges upsampled differently (smooth or repeated). */
    private static final int MAX_TOLERANCE = 48;

    private static TurboJpeg turbo;

    @BeforeAll
    static void loadTheLibrary() {
        turbo = JpegCodecs.turbo();
        // CI installs libturbojpeg0 (.ci/run); a developer machine without it still runs the rest.
        assumeTrue(turbo != null, "libturbojpeg0 is not installed");
    }

    @AfterEach
    void backToTheDefault() {
        JpegCodecs.use("auto");
    }

    private static byte[] fixture(String name) {
        try (InputStream in = JpegCodecTest.class.getResourceAsStream("/decoder/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] file(String name) {
        return switch (name) {
            case "coffee.jpg" -> TestImages.photo("coffee.jpg");
            case "progressive-photo.jpg" -> progressive(TestImages.decode(TestImages.photo("chelsea.jpg")));
            case "srgb-icc.jpg" -> withIcc(TestImages.photo("chelsea.jpg"), ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
            case "linear-icc.jpg" -> withIcc(TestImages.photo("chelsea.jpg"),
                    ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData());
            default -> fixture(name);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"variant-420.jpg", "variant-422.jpg", "variant-444.jpg", "variant-grey.jpg",
            "variant-optimized.jpg", "variant-progressive.jpg", "orientation-6.jpg", "orientation-3.jpg", "cmyk.jpg",
            "coffee.jpg", "progressive-photo.jpg", "srgb-icc.jpg", "linear-icc.jpg"})
    void bothCodecsGiveTheSamePictureFullAndAsAThumbnail(String name) {
        byte[] jpeg = file(name);

        BufferedImage native_ = ImageDecoder.decode(jpeg, DecodeHint.FULL, Progress.NONE, turbo);
        BufferedImage java = ImageDecoder.decode(jpeg, DecodeHint.FULL, Progress.NONE, JavaJpeg.INSTANCE);
        assertThat(native_.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertSame(name + ", full decode", native_, java, MEAN_TOLERANCE, MAX_TOLERANCE);

        // A thumbnail is what a user sees of a shrunk decode: scaled by 1/2 to 1/8 natively,
        // block averages in Java (the draft decoder), then the same resize. Where the Java path
        // cannot use its draft decoder (progressive, CMYK) it subsamples, which aliases; there the
        // native thumbnail is held to the thumbnail of the full decode instead.
        int box = Math.max(8, Math.max(java.getWidth(), java.getHeight()) / 5);
        DecodeHint hint = DecodeHint.fitInside(box, box);
        BufferedImage nativeThumb = Thumbnail.fit(ImageDecoder.decode(jpeg, hint, Progress.NONE, turbo), box, box, Progress.NONE);
        boolean drafted = JpegDraft.parse(jpeg) != null;
        BufferedImage other = drafted
                ? Thumbnail.fit(ImageDecoder.decode(jpeg, hint, Progress.NONE, JavaJpeg.INSTANCE), box, box, Progress.NONE)
                : Thumbnail.fit(java, box, box, Progress.NONE);
        assertSame(name + ", thumbnail in " + box + "x" + box, nativeThumb, other,
                drafted ? THUMBNAIL_MEAN_TOLERANCE : REFERENCE_THUMBNAIL_MEAN_TOLERANCE, drafted ? MAX_TOLERANCE : 255);
    }

    @Test
    void anSrgbProfileIsRecognisedAndCostsNoConversionWhileAnotherIsConverted() {
        byte[] plain = TestImages.photo("chelsea.jpg");
        assertThat(SrgbProfile.is(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData())).isTrue();
        assertThat(SrgbProfile.is(ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData())).isFalse();
        assertThat(SrgbProfile.is(ICC_Profile.getInstance(ColorSpace.CS_GRAY).getData())).isFalse();
        assertThat(JpegIcc.foreignRgbProfile(file("srgb-icc.jpg"))).isNull();
        assertThat(JpegIcc.foreignRgbProfile(file("linear-icc.jpg"))).isNotNull();

        BufferedImage reference = ImageDecoder.decode(plain, DecodeHint.FULL, Progress.NONE, turbo);
        BufferedImage srgb = ImageDecoder.decode(file("srgb-icc.jpg"), DecodeHint.FULL, Progress.NONE, turbo);
        BufferedImage linear = ImageDecoder.decode(file("linear-icc.jpg"), DecodeHint.FULL, Progress.NONE, turbo);

        assertThat(pixels(srgb)).as("sRGB-tagged pixels are left exactly as decoded").isEqualTo(pixels(reference));
        // Values read as linear light come out brighter in sRGB: mid-tones rise a lot.
        assertThat(meanLevel(linear)).as("a linear-light profile is applied").isGreaterThan(meanLevel(reference) + 30);
    }

    @Test
    void theSrgbDetectorReadsTheProfilesOtherToolsWrite() throws IOException {
        // LittleCMS's built-in sRGB (what Pillow's ImageCms writes): a parametric curve.
        byte[] lcms = java.util.HexFormat.of().parseHex(LCMS_SRGB);
        assertThat(SrgbProfile.is(lcms)).isTrue();
        // The same profile with gamma 2.2 instead of sRGB's curve is not sRGB.
        byte[] gamma = lcms.clone();
        int para = indexOf(gamma, "para".getBytes(StandardCharsets.US_ASCII));
        gamma[para + 9] = 0;   // function type 0: a pure power law
        java.nio.ByteBuffer.wrap(gamma).putInt(para + 12, (int) (2.2 * 65536));
        assertThat(SrgbProfile.is(gamma)).isFalse();
    }

    @Test
    void theFallbackRunsWhenForcedAndDecodesProgressiveFilesToo() {
        assertThat(JpegCodecs.use("java")).isEqualTo("java");
        assertThat(JpegCodecs.active()).isSameAs(JavaJpeg.INSTANCE);
        byte[] progressive = fixture("variant-progressive.jpg");
        BufferedImage thumb = ImageDecoder.decode(progressive, DecodeHint.fitInside(40, 40), Progress.NONE);
        assertThat(thumb.getWidth()).as("ImageIO subsampling, as before").isGreaterThanOrEqualTo(40);

        assertThat(JpegCodecs.use("auto")).isEqualTo("libjpeg-turbo");
        assertThat(JpegCodecs.active()).isSameAs(turbo);
        assertThat(JpegCodecs.use("libjpeg-turbo")).isEqualTo("libjpeg-turbo");
        assertThatThrownBy(() -> JpegCodecs.use("pillow")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auto, libjpeg-turbo or java");
        assertThatThrownBy(() -> new ImageProperties("fast")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theNativeCodecScalesByHalvesWhereTheDraftDecoderCouldNot() {
        byte[] jpeg = fixture("variant-444.jpg");   // 203x157
        assertThat(ImageDecoder.decode(jpeg, DecodeHint.fitInside(25, 25), Progress.NONE, turbo).getWidth()).isEqualTo(26);
        assertThat(ImageDecoder.decode(jpeg, DecodeHint.fitInside(50, 50), Progress.NONE, turbo).getWidth()).isEqualTo(51);
        assertThat(ImageDecoder.decode(jpeg, DecodeHint.fitInside(60, 60), Progress.NONE, turbo).getWidth()).isEqualTo(102);
        assertThat(ImageDecoder.decode(jpeg, DecodeHint.fitInside(120, 120), Progress.NONE, turbo).getWidth()).isEqualTo(203);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"variant-progressive.jpg", "progressive-photo.jpg", "orientation-6-progressive"})
    void aProgressiveFileShrunkByAnEighthGivesTheSamePixelsFromHalfItsScans(String name) {
        byte[] jpeg = name.equals("orientation-6-progressive")
                ? withExif(progressive(ImageDecoder.decode(fixture("orientation-6.jpg"), Progress.NONE)), fixture("orientation-6.jpg"))
                : file(name);
        byte[] cut = JpegEighthScans.only(jpeg);
        assertThat(cut).as("cut").isNotNull();
        // In a photo the luma's later AC scans are much of the file; in a tiny one, the headers are.
        assertThat(cut.length).as("scans left out").isLessThan(name.equals("progressive-photo.jpg") ? jpeg.length * 3 / 4 : jpeg.length);
        assertThat(JpegEighthScans.only(cut)).as("nothing left to cut").isNull();

        BufferedImage probe = ImageDecoder.decode(jpeg, DecodeHint.FULL, Progress.NONE, turbo);
        DecodeHint eighth = DecodeHint.fitInside(Math.max(1, probe.getWidth() / 9), Math.max(1, probe.getHeight() / 9));
        BufferedImage fromCut = turbo.decode(jpeg, eighth, true, true);
        BufferedImage whole = turbo.decode(jpeg, eighth, true, false);
        assertThat(fromCut.getWidth() * fromCut.getHeight()).as("scaled by 1/8")
                .isEqualTo((probe.getWidth() + 7) / 8 * ((probe.getHeight() + 7) / 8));
        assertThat(pixels(fromCut)).as("pixel for pixel").isEqualTo(pixels(whole));
    }

    @Test
    void onlyCompleteProgressiveFilesAreCut() {
        assertThat(JpegEighthScans.only(TestImages.photo("chelsea.jpg"))).as("baseline").isNull();
        assertThat(JpegEighthScans.only(fixture("variant-optimized.jpg"))).as("baseline, optimised tables").isNull();
        byte[] progressive = fixture("variant-progressive.jpg");
        assertThat(JpegEighthScans.only(Arrays.copyOf(progressive, progressive.length - 2))).as("no EOI").isNull();
        assertThat(JpegEighthScans.only(Arrays.copyOf(progressive, progressive.length / 2))).as("truncated").isNull();
        byte[] truncated = Arrays.copyOf(progressive, progressive.length * 3 / 4);
        assertThatThrownBy(() -> ImageDecoder.decode(truncated, DecodeHint.fitInside(8, 8), Progress.NONE, turbo))
                .as("refused whole, as before").isInstanceOf(UnreadableImageException.class).hasMessageContaining("truncated");
    }

    @Test
    void aTruncatedFileIsRefusedByBothNotFilledWithGrey() {
        byte[] photo = TestImages.photo("chelsea.jpg");
        byte[] truncated = Arrays.copyOf(photo, photo.length / 2);
        for (JpegCodec codec : new JpegCodec[] {turbo, JavaJpeg.INSTANCE}) {
            for (DecodeHint hint : new DecodeHint[] {DecodeHint.FULL, DecodeHint.fitInside(40, 40)}) {
                assertThatThrownBy(() -> ImageDecoder.decode(truncated, hint, Progress.NONE, codec))
                        .as("%s, %s", codec.name(), hint)
                        .isInstanceOf(UnreadableImageException.class).hasMessageContaining("truncated");
            }
        }
    }

    @Test
    void garbageForEntropyDataIsRefusedByBothNotDecodedIntoNoise() {
        byte[] broken = TestImages.photo("coffee.jpg").clone();
        for (int i = 700; i < broken.length; i++) {
            broken[i] = (byte) (i * 31);
        }
        for (JpegCodec codec : new JpegCodec[] {turbo, JavaJpeg.INSTANCE}) {
            for (DecodeHint hint : new DecodeHint[] {DecodeHint.FULL, DecodeHint.fitInside(40, 40)}) {
                assertThatThrownBy(() -> ImageDecoder.decode(broken, hint, Progress.NONE, codec))
                        .as("%s, %s", codec.name(), hint)
                        .isInstanceOf(UnreadableImageException.class).hasMessageStartingWith("the JPEG file is");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"two SOF markers", "SOS before SOF", "bad table length", "unknown marker"})
    void bothCodecsRefuseWhatLibjpegRefusesWithItsReason(String fault) {
        byte[] good = TestImages.photo("chelsea.jpg");
        record Case(byte[] file, String reason) { }
        Case bad = switch (fault) {
            case "two SOF markers" -> new Case(BadFiles.jpegWithTwoSofMarkers(good, 2560),
                    "Invalid JPEG file structure: two SOF markers");
            case "SOS before SOF" -> new Case(BadFiles.jpegWithScanBeforeFrame(good), "Invalid JPEG file structure: SOS before SOF");
            case "bad table length" -> new Case(BadFiles.jpegWithBadTableLength(good), "Bogus");
            default -> new Case(BadFiles.jpegWithUnknownMarker(good), "Unsupported");
        };
        assertThat(JpegMarkers.fault(good)).isNull();
        for (JpegCodec codec : new JpegCodec[] {turbo, JavaJpeg.INSTANCE}) {
            for (DecodeHint hint : new DecodeHint[] {DecodeHint.FULL, DecodeHint.fitInside(320, 320)}) {
                Supplier<BufferedImage> decode = () -> ImageDecoder.decode(bad.file(), hint, Progress.NONE, codec);
                assertThatThrownBy(decode::get).as("%s, %s", codec.name(), hint)
                        .isInstanceOf(UnreadableImageException.class)
                        .hasMessageStartingWith("the JPEG file is damaged and could not be decoded")
                        .hasMessageContaining(bad.reason())
                        .hasMessageContaining("save it again");
            }
        }
    }

    @Test
    void theEightBytesAtATimeSearchFindsEveryMarkerBytePosition() {
        java.util.Random random = new java.util.Random(9);
        for (int n = 0; n < 2000; n++) {
            byte[] d = new byte[random.nextInt(40)];
            for (int i = 0; i < d.length; i++) {
                d[i] = (byte) (random.nextInt(6) == 0 ? 0xff : random.nextInt(6) == 0 ? 0xfe : random.nextInt(256));
            }
            for (int from = 0; from <= d.length; from++) {
                int expected = from;
                while (expected < d.length && d[expected] != (byte) 0xff) {
                    expected++;
                }
                assertThat(JpegMarkers.indexOfFf(d, from)).isEqualTo(expected);
            }
        }
    }

    @Test
    void everyTestPhotoPassesTheMarkerCheck() {
        for (String name : new String[] {"coffee.jpg", "chelsea.jpg", "astronaut.jpg"}) {
            assertThat(JpegMarkers.fault(TestImages.photo(name))).as(name).isNull();
        }
        for (String name : new String[] {"variant-progressive.jpg", "cmyk.jpg", "orientation-5.jpg", "variant-optimized.jpg"}) {
            assertThat(JpegMarkers.fault(fixture(name))).as(name).isNull();
        }
        assertThat(JpegMarkers.fault(file("progressive-photo.jpg"))).isNull();
        assertThat(JpegMarkers.fault(file("linear-icc.jpg"))).isNull();
    }

    private static void assertSame(String what, BufferedImage a, BufferedImage b, double meanTolerance, int maxTolerance) {
        assertThat(a.getWidth()).as(what + ": width").isEqualTo(b.getWidth());
        assertThat(a.getHeight()).as(what + ": height").isEqualTo(b.getHeight());
        PixelDifference apart = PixelDifference.of(a, b);
        double mean = apart.mean();
        int worst = apart.largest();
        assertThat(mean).as(what + ": mean difference").isLessThan(meanTolerance);
        assertThat(worst).as(what + ": largest difference").isLessThanOrEqualTo(maxTolerance);
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static double meanLevel(BufferedImage image) {
        long sum = 0;
        int[] p = pixels(image);
        for (int v : p) {
            sum += (v >> 16 & 0xff) + (v >> 8 & 0xff) + (v & 0xff);
        }
        return sum / (p.length * 3.0);
    }

    private static byte[] progressive(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            writer.write(null, new IIOImage(ImageDecoder.normalise(image), null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** The JPEG with the APP1 (EXIF) segment of {@code from} inserted after its SOI. */
    private static byte[] withExif(byte[] jpeg, byte[] from) {
        int at = 2;
        while ((from[at + 1] & 0xff) != 0xe1) {
            at += 2 + ((from[at + 2] & 0xff) << 8 | from[at + 3] & 0xff);
        }
        int length = 2 + ((from[at + 2] & 0xff) << 8 | from[at + 3] & 0xff);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(from, at, length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** The JPEG with {@code profile} embedded as one APP2 ICC_PROFILE segment after the SOI. */
    static byte[] withIcc(byte[] jpeg, byte[] profile) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int length = 2 + 12 + 2 + profile.length;
        out.write(0xFF);
        out.write(0xE2);
        out.write(length >> 8);
        out.write(length);
        out.writeBytes("ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII));
        out.write(1);
        out.write(1);
        out.writeBytes(profile);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= data.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** LittleCMS 2's built-in sRGB, as Pillow's {@code ImageCms.createProfile("sRGB")} writes it. */
    private static final String LCMS_SRGB = "0000024c6c636d73044000006d6e74725247422058595a2007ea000c0001001600030014616373704150504c000000000000"
            + "0000000000000000000000000000000000000000f6d6000100000000d32d6c636d7300000000000000000000000000000000"
            + "000000000000000000000000000000000000000000000000000000000000000b646573630000010800000036637072740000"
            + "01400000004c777470740000018c0000001463686164000001a00000002c7258595a000001cc000000146258595a000001e0"
            + "000000146758595a000001f40000001472545243000002080000002067545243000002080000002062545243000002080000"
            + "00206368726d00000228000000246d6c756300000000000000010000000c656e55530000001a0000001c0073005200470042"
            + "0020006200750069006c0074002d0069006e00006d6c756300000000000000010000000c656e5553000000300000001c004e"
            + "006f00200063006f0070007900720069006700680074002c002000750073006500200066007200650065006c007958595a20"
            + "000000000000f6d6000100000000d32d736633320000000000010c42000005defffff325000007930000fd90fffffba1ffff"
            + "fda2000003dc0000c06e58595a200000000000006fa0000038f50000039058595a20000000000000249f00000f840000b6c3"
            + "58595a2000000000000062970000b787000018d9706172610000000000030000000266660000f2a700000d59000013d00000"
            + "0a5b6368726d00000000000300000000a3d70000547b00004ccd0000999a0000266600000f5c";
}
