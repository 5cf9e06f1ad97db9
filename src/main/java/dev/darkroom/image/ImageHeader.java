package dev.darkroom.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Optional;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Width and height as the file's header states them, read without decoding a single pixel, so
 * that a decompression bomb is caught before it costs memory; and the EXIF orientation, which says
 * how the stored pixels are turned for display (a phone's portrait is often stored landscape).
 */
public record ImageHeader(ImageFormat format, int width, int height, int orientation) {

    public ImageHeader(ImageFormat format, int width, int height) {
        this(format, width, height, ExifOrientation.UPRIGHT);
    }

    /** The width as displayed: the stored height for an image stored on its side. */
    public int displayedWidth() {
        return ExifOrientation.swapsSides(orientation) ? height : width;
    }

    public int displayedHeight() {
        return ExifOrientation.swapsSides(orientation) ? width : height;
    }

    private ImageHeader oriented(int orientation) {
        return new ImageHeader(format, width, height, orientation);
    }

    static {
        ImageIO.setUseCache(false);
        ImageIO.scanForPlugins();
    }

    public long pixels() {
        return (long) width * height;
    }

    /** Empty if the bytes end before the header does (the caller then reads the whole stream). */
    public static Optional<ImageHeader> fromHead(ImageFormat format, byte[] head) {
        try {
            return Optional.of(read(format, new ByteArrayInputStream(head)).oriented(ExifOrientation.read(head)));
        } catch (IOException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads a header wherever it is in the file, seeking rather than caching, so a header at the
     * end of a large file (as TIFF allows) costs disk reads, not memory.
     */
    public static ImageHeader read(ImageFormat format, java.nio.file.Path file) throws IOException {
        try (ImageInputStream stream = ImageIO.createImageInputStream(file.toFile())) {
            return read(format, stream).oriented(ExifOrientation.read(file));
        }
    }

    /** Reads only as far into the stream as the header goes. */
    public static ImageHeader read(ImageFormat format, InputStream in) throws IOException {
        try (ImageInputStream stream = ImageIO.createImageInputStream(in)) {
            return read(format, stream);
        }
    }

    private static ImageHeader read(ImageFormat format, ImageInputStream stream) throws IOException {
        try {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
            if (!readers.hasNext()) {
                throw new IOException("no reader for " + format);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(stream, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw new IOException("the header states a size of " + width + "x" + height);
                }
                return new ImageHeader(format, width, height);
            } finally {
                reader.dispose();
            }
        } catch (RuntimeException e) {
            // Readers throw unchecked exceptions on garbage headers; to us that is unreadable input.
            throw new IOException("unreadable " + format + " header: " + e.getMessage(), e);
        }
    }
}
