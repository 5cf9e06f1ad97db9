package dev.darkroom.operation;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.darkroom.image.ImageDecoder;
import dev.darkroom.support.TestImages;

class DominantColorsTest {

    /**
     * Four colour blocks of different sizes, with white, black and grey around them, saved as a
     * JPEG so the blocks' edges have the usual ringing.
     */
    static BufferedImage blocks() {
        return ImageDecoder.decode(blocksJpeg(), Progress.NONE);
    }

    static byte[] blocksJpeg() {
        BufferedImage image = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 800, 600);
        g.setColor(Color.BLACK);
        g.fillRect(0, 500, 800, 100);
        g.setColor(new Color(128, 128, 128));
        g.fillRect(600, 0, 200, 500);
        g.setColor(new Color(220, 30, 30));     // red, hue 0, the largest
        g.fillRect(0, 0, 300, 250);
        g.setColor(new Color(30, 90, 220));     // blue, hue 221
        g.fillRect(300, 0, 250, 200);
        g.setColor(new Color(40, 170, 60));     // green, hue 129
        g.fillRect(0, 260, 250, 180);
        g.setColor(new Color(240, 200, 20));    // yellow, hue 49, the smallest
        g.fillRect(300, 260, 150, 150);
        g.dispose();
        return TestImages.encode(image, "jpg");
    }

    @Test
    void findsTheFourBlocksByWeightAndIgnoresWhiteBlackAndGrey() {
        List<DominantColors.Colour> colours = DominantColors.of(blocks());

        assertThat(colours).hasSize(4);
        assertThat(colours).extracting(DominantColors.Colour::hue).satisfiesExactly(
                red -> assertThat(hueDistance(red, 0)).isLessThanOrEqualTo(4),
                blue -> assertThat(hueDistance(blue, 221)).isLessThanOrEqualTo(4),
                green -> assertThat(hueDistance(green, 129)).isLessThanOrEqualTo(4),
                yellow -> assertThat(hueDistance(yellow, 49)).isLessThanOrEqualTo(4));
        // Shares of the coloured area alone: 75000, 50000, 45000, 22500 of 192500.
        assertThat(colours.get(0).weight()).isCloseTo(0.39, org.assertj.core.data.Offset.offset(0.03));
        assertThat(colours.get(3).weight()).isCloseTo(0.117, org.assertj.core.data.Offset.offset(0.03));
        assertThat(colours.stream().mapToDouble(DominantColors.Colour::weight).sum()).isBetween(0.97, 1.0001);
        assertThat(colours.getFirst().hex()).matches("#[0-9a-f]{6}");
        assertThat(colours.getFirst().red()).isBetween(200, 240);
    }

    private static int hueDistance(int a, int b) {
        int d = Math.abs(a - b) % 360;
        return Math.min(d, 360 - d);
    }

    @Test
    void isTheSameOnEveryRun() {
        BufferedImage image = blocks();
        BufferedImage photo = ImageDecoder.decode(TestImages.photo("coffee.jpg"), Progress.NONE);
        List<DominantColors.Colour> first = DominantColors.of(photo);

        for (int i = 0; i < 5; i++) {
            assertThat(DominantColors.of(photo)).isEqualTo(first);
            assertThat(DominantColors.of(image)).isEqualTo(DominantColors.of(image));
        }
        assertThat(first).isNotEmpty();
    }

    @Test
    void aGreyPictureHasNoColours() {
        BufferedImage photo = ImageDecoder.decode(TestImages.photo("astronaut.jpg"), Progress.NONE);
        BufferedImage grey = ((Output.Image) new Grayscale().apply(photo, Progress.NONE)).image();
        BufferedImage rgb = ImageDecoder.normalise(grey);

        assertThat(DominantColors.of(rgb)).isEmpty();
    }

    @Test
    void aTwoColourPictureHasTwoColours() {
        BufferedImage image = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 100; x++) {
                image.setRGB(x, y, x < 30 ? 0x2040c0 : 0xd08020);
            }
        }

        List<DominantColors.Colour> colours = DominantColors.of(image);

        assertThat(colours).extracting(DominantColors.Colour::hex).containsExactly("#d08020", "#2040c0");
        assertThat(colours).extracting(DominantColors.Colour::weight).containsExactly(0.7, 0.3);
        assertThat(colours.getFirst().hue()).isEqualTo(33);    // 60 * (128 - 32) / 176 = 32.7
        assertThat(colours.getFirst().saturation()).isEqualTo(0.733);
        assertThat(colours.getFirst().lightness()).isEqualTo(0.471);
    }

    @Test
    void theJobResultHasTheDocumentedShape() {
        Output.Json json = (Output.Json) new DominantColors().apply(blocks(), Progress.NONE);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> colours = (List<Map<String, Object>>) ((Map<String, Object>) json.value()).get("colors");
        assertThat(colours).hasSize(4);
        assertThat(colours.getFirst()).containsOnlyKeys("hex", "rgb", "hue", "saturation", "lightness", "weight");
        assertThat((List<?>) colours.getFirst().get("rgb")).hasSize(3);
    }

    @Test
    void pixelsNearWhiteNearBlackOrGreyAreNotCounted() {
        assertThat(DominantColors.isGrey(0xffffff)).isTrue();
        assertThat(DominantColors.isGrey(0xf4f0ee)).isTrue();
        assertThat(DominantColors.isGrey(0x0a0505)).isTrue();
        assertThat(DominantColors.isGrey(0x807a78)).isTrue();
        assertThat(DominantColors.isGrey(0xdc1e1e)).isFalse();
        assertThat(DominantColors.isGrey(0x641414)).isFalse();
        assertThat(DominantColors.isGrey(0xffc8c8)).isFalse();
    }

    @Test
    void aPhotosThumbnailHasThePhotosColours() {
        // The photo processor takes a photo's colours from its 320-pixel thumbnail (issue 9): the
        // gallery must find it under the same hues as the whole picture's.
        for (String name : List.of("astronaut.jpg", "chelsea.jpg", "coffee.jpg")) {
            BufferedImage photo = ImageDecoder.decode(TestImages.photo(name), Progress.NONE);
            BufferedImage thumbnail = Thumbnail.fit(photo, 320, 320, Progress.NONE);
            List<DominantColors.Colour> whole = DominantColors.of(photo);
            List<DominantColors.Colour> small = DominantColors.of(thumbnail);
            assertThat(small).as(name).hasSameSizeAs(whole);
            for (int i = 0; i < whole.size(); i++) {
                int apart = Math.abs(whole.get(i).hue() - small.get(i).hue());
                assertThat(Math.min(apart, 360 - apart)).as("%s colour %d: %s against %s", name, i, small.get(i), whole.get(i))
                        .isLessThanOrEqualTo(8);
            }
        }
    }
}
