package dev.darkroom.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;

/**
 * The EXIF orientation tag (1–8) and the turn or flip that makes the stored pixels upright.
 * Cameras and phones store the sensor's rows as they came and only tag how the camera was held;
 * ignoring the tag is how portrait photos come out sideways.
 */
final class ExifOrientation {

    static final int UPRIGHT = 1;

    private ExifOrientation() {
    }

    /** The file's orientation, or {@link #UPRIGHT} when it has none or its metadata is unreadable. */
    static int read(byte[] bytes) {
        try {
            return orientation(ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes), bytes.length));
        } catch (Exception | StackOverflowError e) {
            // Broken metadata must not cost the user the picture: the pixels may still be fine.
        }
        return UPRIGHT;
    }

    /** As {@link #read(byte[])}, for a file on disk (read as far as its metadata goes). */
    static int read(java.nio.file.Path file) {
        try {
            return orientation(ImageMetadataReader.readMetadata(file.toFile()));
        } catch (Exception | StackOverflowError e) {
            return UPRIGHT;
        }
    }

    private static int orientation(Metadata metadata) {
        for (ExifIFD0Directory ifd0 : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
            Integer value = ifd0.getInteger(ExifIFD0Directory.TAG_ORIENTATION);
            if (value != null && value >= 1 && value <= 8) {
                return value;
            }
        }
        return UPRIGHT;
    }

    /** Orientations 5–8 lie on their side: the upright image's width is the stored height. */
    static boolean swapsSides(int orientation) {
        return orientation >= 5;
    }

    /** Upright pixels of an INT_RGB or INT_ARGB image stored with the given orientation. */
    static BufferedImage apply(BufferedImage image, int orientation) {
        if (orientation == UPRIGHT) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = swapsSides(orientation);
        int outW = swap ? h : w;
        BufferedImage out = new BufferedImage(outW, swap ? w : h, image.getType());
        int[] src = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        // Where stored pixel (x, y) lands: dst index = base + x * dx + y * dy, per the EXIF table
        // ("row 0 is the visual top/bottom/left/right, column 0 is the visual left/right/top/bottom").
        int base;
        int dx;
        int dy;
        switch (orientation) {
            case 2 -> { base = w - 1; dx = -1; dy = outW; }                          // mirrored
            case 3 -> { base = (h - 1) * outW + w - 1; dx = -1; dy = -outW; }        // upside down
            case 4 -> { base = (h - 1) * outW; dx = 1; dy = -outW; }                 // mirrored upside down
            case 5 -> { base = 0; dx = outW; dy = 1; }                               // transposed
            case 6 -> { base = h - 1; dx = outW; dy = -1; }                          // turn 90° clockwise
            case 7 -> { base = (w - 1) * outW + h - 1; dx = -outW; dy = -1; }        // transversed
            case 8 -> { base = (w - 1) * outW; dx = -outW; dy = 1; }                 // turn 90° anticlockwise
            default -> throw new IllegalArgumentException("EXIF orientation " + orientation);
        }
        for (int y = 0; y < h; y++) {
            int from = y * w;
            int to = base + y * dy;
            for (int x = 0; x < w; x++, to += dx) {
                dst[to] = src[from + x];
            }
        }
        return out;
    }
}
