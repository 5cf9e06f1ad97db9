package dev.darkroom.image;

import java.awt.image.BufferedImage;

import dev.darkroom.operation.DecodeHint;
import dev.darkroom.operation.Progress;

/**
 * What decodes JPEG files into pixels, and encodes pixels as JPEG: libjpeg-turbo through the foreign function API when the
 * system has it ({@link TurboJpeg}), else the pure-Java path ({@link JavaJpeg}: the draft
 * decoder for thumbnails, ImageIO for the rest). Which one runs is chosen once, at start
 * ({@link JpegCodecs}).
 */
interface JpegCodec {

    /** Which codec this is, for the start-up log line and the property's values. */
    String name();

    /**
     * The stored pixels (EXIF orientation and colour profile not yet applied) as TYPE_INT_RGB,
     * at least as large as {@code hint} asks for, or null when this codec leaves the file to
     * ImageIO (CMYK, say). A file this codec finds damaged is refused with an
     * {@link UnreadableImageException} saying why.
     *
     * @param upright whether the hint's fit box applies to the stored width and height as they
     *                are, or swapped (EXIF orientations 5–8)
     */
    BufferedImage decode(byte[] jpeg, DecodeHint hint, boolean upright, Progress progress);

    /**
     * A baseline JFIF of the opaque {@code image} at {@code quality} (1–100, the IJG scale
     * ImageIO's writer uses too), 4:2:0 for colour, or null when this codec leaves the image to
     * ImageIO's writer.
     */
    byte[] encode(BufferedImage image, int quality);
}
