package dev.darkroom.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.event.IIOWriteProgressListener;
import javax.imageio.stream.ImageOutputStream;

import dev.darkroom.operation.Progress;

/**
 * Encodes results as PNG (lossless, keeps alpha), JPEG (smaller, flattened onto white) or WebP
 * (lossy like JPEG at its quality, but smaller, and keeps alpha; through libwebp, which the
 * webp-imageio writer bundles). JPEGs are written by the {@link JpegCodec} that decodes them:
 * libjpeg-turbo when the system has it (several times faster than ImageIO's writer, with the
 * same tables and subsampling), else ImageIO.
 */
public final class ImageEncoder {

    public enum Format {
        PNG("png", "image/png"), JPEG("jpeg", "image/jpeg"), WEBP("webp", "image/webp");

        private final String name;
        private final String mediaType;

        Format(String name, String mediaType) {
            this.name = name;
            this.mediaType = mediaType;
        }

        public String mediaType() {
            return mediaType;
        }

        public String extension() {
            return this == JPEG ? "jpg" : name;
        }
    }

    private ImageEncoder() {
    }

    /** @param quality 1..100, used by JPEG and WebP */
    public static byte[] encode(BufferedImage image, Format format, int quality, Progress progress) {
        return encode(image, format, quality, progress, JpegCodecs.active());
    }

    /** As {@link #encode(BufferedImage, Format, int, Progress)}, with JPEGs written by {@code jpeg} when it can. */
    static byte[] encode(BufferedImage image, Format format, int quality, Progress progress, JpegCodec jpeg) {
        BufferedImage source = format == Format.JPEG ? withoutAlpha(image) : image;
        if (format == Format.JPEG) {
            byte[] encoded = jpeg.encode(source, quality);
            if (encoded != null) {
                progress.report(1.0);
                return encoded;
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format.name).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(1024, image.getWidth() * image.getHeight() / 2));
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.addIIOWriteProgressListener(new WriteProgress(progress));
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (format == Format.JPEG || format == Format.WEBP) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                if (format == Format.WEBP) {
                    param.setCompressionType(param.getCompressionTypes()[0]); // "Lossy": libwebp's quality scale
                }
                param.setCompressionQuality(quality / 100f);
            }
            writer.write(null, new IIOImage(source, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static BufferedImage withoutAlpha(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return image;
        }
        BufferedImage flat = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = flat.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return flat;
    }

    private record WriteProgress(Progress progress) implements IIOWriteProgressListener {
        @Override public void imageProgress(ImageWriter source, float percentageDone) {
            progress.report(percentageDone / 100.0);
        }
        @Override public void imageComplete(ImageWriter source) {
            progress.report(1.0);
        }
        @Override public void imageStarted(ImageWriter source, int imageIndex) { }
        @Override public void thumbnailStarted(ImageWriter source, int imageIndex, int thumbnailIndex) { }
        @Override public void thumbnailProgress(ImageWriter source, float percentageDone) { }
        @Override public void thumbnailComplete(ImageWriter source) { }
        @Override public void writeAborted(ImageWriter source) { }
    }
}
