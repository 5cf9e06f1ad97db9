package dev.darkroom.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Node;

import dev.darkroom.operation.DecodeHint;
import dev.darkroom.operation.Progress;
import dev.darkroom.support.TestImages;

/**
 * The DCT-domain decoder against the reference it replaces: a full decode by libjpeg (through
 * ImageIO), averaged over the same 4×4 or 8×8 blocks.
 */
class JpegDraftTest {

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = JpegDraftTest.class.getResourceAsStream("/decoder/" + name)) {
            return in.readAllBytes();
        }
    }

    /** Block averages of libjpeg's full decode, edge blocks averaging what they have. */
    private static int[] reference(byte[] jpeg, int scale) {
        BufferedImage full = ImageDecoder.normalise(TestImages.decode(jpeg));
        int w = (full.getWidth() + scale - 1) / scale;
        int h = (full.getHeight() + scale - 1) / scale;
        int[] out = new int[w * h * 3];
        for (int by = 0; by < h; by++) {
            for (int bx = 0; bx < w; bx++) {
                long[] sum = new long[3];
                int n = 0;
                for (int y = by * scale; y < Math.min(full.getHeight(), by * scale + scale); y++) {
                    for (int x = bx * scale; x < Math.min(full.getWidth(), bx * scale + scale); x++) {
                        int p = full.getRGB(x, y);
                        sum[0] += p >> 16 & 0xff;
                        sum[1] += p >> 8 & 0xff;
                        sum[2] += p & 0xff;
                        n++;
                    }
                }
                for (int c = 0; c < 3; c++) {
                    out[(by * w + bx) * 3 + c] = (int) Math.round((double) sum[c] / n);
                }
            }
        }
        return out;
    }

    /** Mean and largest absolute difference per channel, over blocks wholly inside the image. */
    private static double[] difference(byte[] jpeg, int scale) {
        JpegDraft draft = JpegDraft.parse(jpeg);
        assertThat(draft).as("parsed").isNotNull();
        BufferedImage image = draft.decode(scale, Progress.NONE);
        assertThat(image).as("decoded").isNotNull();
        int[] expected = reference(jpeg, scale);
        int w = image.getWidth();
        assertThat(w).isEqualTo((draft.width + scale - 1) / scale);
        assertThat(image.getHeight()).isEqualTo((draft.height + scale - 1) / scale);
        double total = 0;
        int worst = 0;
        int count = 0;
        for (int y = 0; y < draft.height / scale; y++) {
            for (int x = 0; x < draft.width / scale; x++) {
                int p = image.getRGB(x, y);
                int[] actual = {p >> 16 & 0xff, p >> 8 & 0xff, p & 0xff};
                for (int c = 0; c < 3; c++) {
                    int d = Math.abs(actual[c] - expected[(y * w + x) * 3 + c]);
                    total += d;
                    worst = Math.max(worst, d);
                    count++;
                }
            }
        }
        return new double[] {total / count, worst};
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"variant-444.jpg", "variant-422.jpg", "variant-420.jpg", "variant-grey.jpg",
            "variant-optimized.jpg", "orientation-1.jpg"})
    void blockAveragesMatchAFullDecodeAveragedTheSameWay(String name) throws IOException {
        byte[] jpeg = fixture(name);
        for (int scale : new int[] {4, 8}) {
            double[] diff = difference(jpeg, scale);
            // libjpeg's integer IDCT rounds each pixel and upsamples chroma smoothly; we average
            // exactly and upsample chroma by repetition, so small differences remain.
            assertThat(diff[0]).as("%s at 1/%d: mean difference", name, scale).isLessThan(name.equals("variant-444.jpg") || name.equals("variant-grey.jpg") ? 1.0 : 2.5);
            assertThat(diff[1]).as("%s at 1/%d: largest difference", name, scale).isLessThanOrEqualTo(name.equals("variant-444.jpg")
                    || name.equals("variant-grey.jpg") ? 3 : 40);
        }
    }

    @Test
    void restartIntervalsAreFollowed() throws IOException {
        byte[] plain = fixture("variant-420.jpg");
        byte[] withRestarts = withRestartInterval(TestImages.decode(plain), 3);
        assertThat(indexOf(withRestarts, (byte) 0xFF, (byte) 0xDD)).as("has a DRI marker").isPositive();

        double[] diff = difference(withRestarts, 4);

        assertThat(diff[0]).isLessThan(2.5);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"variant-progressive.jpg", "cmyk.jpg"})
    void declinesWhatItDoesNotDecode(String name) throws IOException {
        assertThat(JpegDraft.parse(fixture(name))).isNull();
    }

    @Test
    void declinesATruncatedOrCorruptScanSoImageIoCanSayWhatIsWrong() throws IOException {
        byte[] jpeg = fixture("variant-420.jpg");
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length * 2 / 3);
        assertThat(JpegDraft.parse(truncated)).isNotNull();
        assertThat(JpegDraft.parse(truncated).decode(8, Progress.NONE)).isNull();

        byte[] huge = TestImages.generated(2000, 1600, "jpg");
        assertThat(ImageDecoder.decode(huge, DecodeHint.fitInside(100, 100), Progress.NONE, JavaJpeg.INSTANCE).getWidth()).isEqualTo(250);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImageDecoder.decode(
                        Arrays.copyOf(huge, huge.length / 2), DecodeHint.fitInside(100, 100), Progress.NONE, JavaJpeg.INSTANCE))
                .isInstanceOf(UnreadableImageException.class).hasMessageContaining("truncated");
    }

    @Test
    void theDecoderUsesItOnlyWhenTheBlocksStayAtLeastAsLargeAsTheFit() throws IOException {
        byte[] jpeg = fixture("variant-444.jpg");   // 203x157

        assertThat(ImageDecoder.decode(jpeg, DecodeHint.fitInside(25, 25), Progress.NONE, JavaJpeg.INSTANCE).getWidth()).isEqualTo(26);  // 1/8
        assertThat(ImageDecoder.decode(jpeg, DecodeHint.fitInside(50, 50), Progress.NONE, JavaJpeg.INSTANCE).getWidth()).isEqualTo(51);  // 1/4
        assertThat(ImageDecoder.decode(jpeg, DecodeHint.fitInside(60, 60), Progress.NONE, JavaJpeg.INSTANCE).getWidth())
                .as("1/4 would be smaller than the fit: point subsampling by 1 instead").isEqualTo(203);
    }

    private static byte[] withRestartInterval(BufferedImage image, int mcus) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            IIOMetadata metadata = writer.getDefaultImageMetadata(
                    javax.imageio.ImageTypeSpecifier.createFromRenderedImage(image), null);
            String format = "javax_imageio_jpeg_image_1.0";
            IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
            Node markers = root.getElementsByTagName("markerSequence").item(0);
            IIOMetadataNode dri = new IIOMetadataNode("dri");
            dri.setAttribute("interval", Integer.toString(mcus));
            markers.insertBefore(dri, markers.getFirstChild());
            metadata.setFromTree(format, root);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(new IIOImage(image, null, metadata));
            }
            return bytes.toByteArray();
        } finally {
            writer.dispose();
        }
    }

    private static int indexOf(byte[] data, byte a, byte b) {
        for (int i = 0; i + 1 < data.length; i++) {
            if (data[i] == a && data[i + 1] == b) {
                return i;
            }
        }
        return -1;
    }
}
