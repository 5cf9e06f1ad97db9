package dev.darkroom.operation;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

import dev.darkroom.image.ImageDecoder;
import dev.darkroom.support.TestImages;

class AsciiTest {

    private static String art(BufferedImage image, int width, boolean invert) {
        return ((Output.Text) new Ascii(width, invert).apply(image, Progress.NONE)).text();
    }

    /** Left half black, right half white. */
    private static BufferedImage halves(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = w / 2; x < w; x++) {
                image.setRGB(x, y, 0xffffff);
            }
        }
        return image;
    }

    @Test
    void everyLineIsExactlyWidthCharactersTrailingSpacesIncluded() {
        BufferedImage photo = ImageDecoder.decode(TestImages.photo("coffee.jpg"), Progress.NONE);
        for (int width : new int[] {1, 7, 80, 100, 599, 600, 601, 1000}) {
            String text = art(photo, width, false);
            assertThat(text).doesNotEndWith("\n").doesNotContain("\r");
            assertThat(text.split("\n", -1)).as("width %d", width).allSatisfy(line -> assertThat(line).hasSize(width));
        }
        String whiteOnRight = art(halves(200, 100), 40, false);
        assertThat(whiteOnRight.split("\n")[0]).endsWith("     ").hasSize(40);
    }

    @Test
    void theLineCountFollowsTheAspectHalvedForTallCharacterCells() {
        assertThat(art(halves(600, 400), 100, false).split("\n")).hasSize(33);     // 100 * 400/600 / 2
        assertThat(art(halves(400, 600), 100, false).split("\n")).hasSize(75);     // 100 * 600/400 / 2
        assertThat(art(halves(100, 100), 100, false).split("\n")).hasSize(50);
        assertThat(art(halves(5000, 2), 100, false).split("\n")).hasSize(1);       // never fewer than one
        assertThat(art(halves(2, 500), 10, false).split("\n")).hasSize(1250);      // more lines than pixel rows is fine
    }

    @Test
    void darkPixelsGetDenseCharactersAndInvertFlipsTheRamp() {
        String line = art(halves(200, 100), 10, false).split("\n")[0];
        assertThat(line).isEqualTo("@@@@@     ");

        String inverted = art(halves(200, 100), 10, true).split("\n")[0];
        assertThat(inverted).isEqualTo("     @@@@@");
    }

    @Test
    void aGradientWalksTheWholeRampInOrder() {
        BufferedImage ramp = new BufferedImage(256, 20, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 256; x++) {
                ramp.setRGB(x, y, x << 16 | x << 8 | x);
            }
        }
        assertThat(art(ramp, 10, false).split("\n")[0]).isEqualTo(Ascii.RAMP);
        assertThat(art(ramp, 10, true).split("\n")[0]).isEqualTo(new StringBuilder(Ascii.RAMP).reverse().toString());
    }

    @Test
    void transparentPixelsReadAsThePage() {
        BufferedImage clear = new BufferedImage(40, 40, BufferedImage.TYPE_INT_ARGB);
        clear.setRGB(0, 0, 0xff000000);
        clear.setRGB(0, 1, 0xff000000);
        assertThat(art(clear, 4, false)).isEqualTo("    \n    ");
        assertThat(art(clear, 40, false)).startsWith("@ ").endsWith("  ");
        assertThat(art(clear, 40, false).replace("\n", "").chars().filter(c -> c != ' ').count()).isEqualTo(1);
    }

    @Test
    void refusesWidthsOutsideItsBoundsNamingTheParameter() {
        var params = Params.of(tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree("{\"width\":0,\"invert\":\"yes\"}"), "/params");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Ascii.from(params))
                .isInstanceOf(InvalidParamsException.class)
                .hasMessageContaining("/params/width: must be between 1 and 1000, got 0")
                .hasMessageContaining("/params/invert: must be true or false, got \"yes\"");
    }
}
