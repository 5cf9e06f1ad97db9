package dev.darkroom.operation;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

import org.junit.jupiter.api.Test;

class GrayscaleTest {

    @Test
    void theIntegerFormulaRoundsTheLuminosityForEveryColour() {
        for (int r = 0; r < 256; r++) {
            for (int g = 0; g < 256; g++) {
                for (int b = 0; b < 256; b++) {
                    int expected = (21 * r + 72 * g + 7 * b + 50) / 100;
                    if (Grayscale.luminosity(r << 16 | g << 8 | b) != expected) {
                        assertThat(Grayscale.luminosity(r << 16 | g << 8 | b)).as("%d,%d,%d", r, g, b).isEqualTo(expected);
                    }
                }
            }
        }
    }

    @Test
    void opaqueImagesBecomeEightBitGrey() {
        BufferedImage image = new BufferedImage(3, 70, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xff0000);
        image.setRGB(1, 69, 0x00ff00);
        image.setRGB(2, 35, 0xffffff);
        BufferedImage grey = ((Output.Image) new Grayscale().apply(image, Progress.NONE)).image();
        byte[] pixels = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
        assertThat(grey.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(pixels[0] & 0xff).isEqualTo(54);        // 0.21 * 255 = 53.55
        assertThat(pixels[69 * 3 + 1] & 0xff).isEqualTo(184); // 0.72 * 255 = 183.6
        assertThat(pixels[35 * 3 + 2] & 0xff).isEqualTo(255);
        assertThat(pixels[1] & 0xff).isZero();
    }
}
