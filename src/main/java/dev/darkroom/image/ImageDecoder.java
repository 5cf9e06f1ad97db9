package dev.darkroom.image;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.stream.ImageInputStream;

import dev.darkroom.operation.Progress;

/**
 * Turns stored bytes into the pixel form every operation expects: TYPE_INT_RGB, or TYPE_INT_ARGB
 * when the file has alpha. Only the first frame of an animation is read.
 */
public final class ImageDecoder {

    static {
        ImageIO.setUseCache(false);
        ImageIO.scanForPlugins();
    }

    private ImageDecoder() {
    }

    public static BufferedImage decode(byte[] bytes, Progress progress) {
        ImageFormat format = ImageFormat.sniff(bytes)
                .orElseThrow(() -> new UnreadableImageException("the file is not an image in a supported format"));
        try (ImageInputStream stream = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
            if (!readers.hasNext()) {
                throw new UnreadableImageException("no decoder for " + format);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(stream, true, true);
                reader.addIIOReadProgressListener(new ReadProgress(progress));
                BufferedImage decoded = reader.read(0);
                return normalise(decoded);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof UnreadableImageException u) {
                throw u;
            }
            throw new UnreadableImageException(describe(format, e), e);
        }
    }

    /** Operations work on packed ints; converting once here keeps every pixel loop simple and fast. */
    public static BufferedImage normalise(BufferedImage image) {
        int type = image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        if (image.getType() == type) {
            return image;
        }
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), type);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static String describe(ImageFormat format, Exception e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof java.io.EOFException || reason.toLowerCase().contains("end of")) {
            return "the " + format + " file is truncated: it ends before the image data does";
        }
        return "the " + format + " file could not be decoded: " + reason;
    }

    private record ReadProgress(Progress progress) implements IIOReadProgressListener {
        @Override public void imageProgress(ImageReader source, float percentageDone) {
            progress.report(percentageDone / 100.0);
        }
        @Override public void imageComplete(ImageReader source) {
            progress.report(1.0);
        }
        @Override public void sequenceStarted(ImageReader source, int minIndex) { }
        @Override public void sequenceComplete(ImageReader source) { }
        @Override public void imageStarted(ImageReader source, int imageIndex) { }
        @Override public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) { }
        @Override public void thumbnailProgress(ImageReader source, float percentageDone) { }
        @Override public void thumbnailComplete(ImageReader source) { }
        @Override public void readAborted(ImageReader source) { }
    }
}
