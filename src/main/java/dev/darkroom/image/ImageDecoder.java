package dev.darkroom.image;

import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

import com.twelvemonkeys.imageio.color.ColorProfiles;
import dev.darkroom.operation.DecodeHint;
import dev.darkroom.operation.Progress;

/**
 * Turns stored bytes into the pixel form every operation expects: upright (EXIF orientation
 * applied), sRGB, TYPE_INT_RGB, or TYPE_INT_ARGB when the file has alpha. Only the first frame of
 * an animation is read. Anything wrong with the file comes out as an
 * {@link UnreadableImageException} whose message a user can act on.
 *
 * <p>JPEGs go to the {@link JpegCodec} chosen at start: libjpeg-turbo when the system has it,
 * else the pure-Java path. An operation that shrinks the image (see {@link DecodeHint}) gets
 * fewer pixels for less work: a JPEG scaled by 1/2, 1/4 or 1/8 as it decodes (or, on the Java
 * path, as 4×4 or 8×8 block averages straight from its DCT coefficients, {@link JpegDraft}),
 * anything else read with ImageIO's point subsampling.
 */
public final class ImageDecoder {

    /**
     * Uploads over {@code darkroom.upload.max-pixels} (120 MP by default) are refused by their
     * header; this is the same ceiling again, for bytes that reached storage another way, so no
     * header can make a worker allocate more than about 480 MB for one image.
     */
    public static final long MAX_PIXELS = 120_000_000L;

    static {
        ImageIO.setUseCache(false);
        ImageIO.scanForPlugins();
    }

    private ImageDecoder() {
    }

    public static BufferedImage decode(byte[] bytes, Progress progress) {
        return decode(bytes, DecodeHint.FULL, progress);
    }

    /** With a hint from a shrinking operation, decodes only every n-th pixel (see {@link DecodeHint}). */
    public static BufferedImage decode(byte[] bytes, DecodeHint hint, Progress progress) {
        return decode(bytes, hint, progress, JpegCodecs.active());
    }

    /** As {@link #decode(byte[], DecodeHint, Progress)}, with JPEGs decoded by {@code jpeg}. */
    static BufferedImage decode(byte[] bytes, DecodeHint hint, Progress progress, JpegCodec jpeg) {
        if (bytes.length == 0) {
            throw new UnreadableImageException("the file is empty");
        }
        ImageFormat format = ImageFormat.sniff(bytes)
                .orElseThrow(() -> new UnreadableImageException("the file is not an image in a supported format "
                        + "(JPEG, PNG, GIF, BMP, TIFF or WebP)"));
        int orientation = ExifOrientation.read(bytes);
        if (format == ImageFormat.JPEG) {
            // Both paths: libjpeg-turbo's decode-to-the-end treats markers in damaged entropy data
            // as warnings and fills the image with noise, where libjpeg's own tools (and Pillow)
            // stop. One pass over the bytes costs far less than the decode.
            JpegMarkers.check(bytes);
            BufferedImage pixels = jpeg.decode(bytes, hint, !ExifOrientation.swapsSides(orientation), progress.slice(0, 0.9));
            if (pixels != null) {
                // An sRGB profile (the common case) needs nothing; another RGB profile is converted.
                java.awt.color.ICC_Profile profile = JpegIcc.foreignRgbProfile(bytes);
                progress.report(1.0);
                return ExifOrientation.apply(profile == null ? pixels : JpegIcc.toSrgb(pixels, profile), orientation);
            }
        }
        Warnings warnings = new Warnings();
        ReadProgress listener = new ReadProgress(progress.slice(0, 0.9));
        BufferedImage decoded;
        try (ImageInputStream stream = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
            if (!readers.hasNext()) {
                throw new UnreadableImageException("no decoder for " + format);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(stream, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                refuseBombs(format, width, height);
                ImageReadParam param = reader.getDefaultReadParam();
                int step = ExifOrientation.swapsSides(orientation)
                        ? hint.subsampling(height, width) : hint.subsampling(width, height);
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                reader.addIIOReadProgressListener(listener);
                reader.addIIOReadWarningListener(warnings);
                decoded = reader.read(0, param);
            } finally {
                reader.dispose();
            }
        } catch (UnreadableImageException e) {
            throw e;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            if (listener.stopped != null) {
                throw listener.stopped;
            }
            throw new UnreadableImageException(describe(format, e), e);
        }
        warnings.throwIfTruncated(format);
        BufferedImage upright = ExifOrientation.apply(normalise(decoded), orientation);
        progress.report(1.0);
        return upright;
    }

    static void refuseBombs(ImageFormat format, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new UnreadableImageException("the " + format + " header states a size of " + width + "x" + height);
        }
        if ((long) width * height > MAX_PIXELS) {
            throw new UnreadableImageException(String.format(Locale.ROOT,
                    "the %s header states %dx%d (%.1f MP); images over %.0f MP are not decoded",
                    format, width, height, (long) width * height / 1e6, MAX_PIXELS / 1e6));
        }
    }

    /**
     * A file the decoder refused, in the decoder's words, with what the user can do about it.
     * Truncation gets its own wording, as it has its own remedy (upload the whole file).
     */
    static UnreadableImageException refusal(ImageFormat format, String reason) {
        String lower = reason.toLowerCase(Locale.ROOT);
        if (lower.contains("premature end") || lower.contains("truncated")) {
            return new UnreadableImageException("the " + format + " file is truncated: it ends before the image data "
                    + "does (" + reason + ")");
        }
        return new UnreadableImageException("the " + format + " file is damaged and could not be decoded (" + reason
                + "); open it in an image editor and save it again, or upload the original");
    }

    /**
     * Operations work on packed ints; converting once here keeps every pixel loop simple and fast.
     * Pixels in another colour space (an embedded Adobe RGB or CMYK profile) are converted to sRGB
     * on the way, since that is what every output format and browser assumes.
     */
    public static BufferedImage normalise(BufferedImage image) {
        int type = image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        if (image.getType() == type) {
            return image;
        }
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), type);
        if (needsColourConversion(image)) {
            new ColorConvertOp(null).filter(image, out);
            return out;
        }
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Java2D's blits copy component values as they are, which is right for sRGB and for plain grey
     * (stored gamma-encoded whatever its nominal colour space says), and wrong for anything else.
     */
    private static boolean needsColourConversion(BufferedImage image) {
        if (image.getColorModel() instanceof IndexColorModel) {
            return false;
        }
        ColorSpace space = image.getColorModel().getColorSpace();
        if (space.isCS_sRGB() || space == ColorSpace.getInstance(ColorSpace.CS_GRAY)) {
            return false;
        }
        return !(space instanceof ICC_ColorSpace icc && ColorProfiles.isCS_sRGB(icc.getProfile()));
    }

    private static String describe(ImageFormat format, Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "the " + format + " file needs more memory to decode than a worker has";
        }
        if (isTruncation(e)) {
            return "the " + format + " file is truncated: it ends before the image data does";
        }
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() != null
                && cause.getMessage().equals(cause.getCause().toString())) {
            cause = cause.getCause();
        }
        // A reader's own IIOException says what is wrong with the file ("Bogus marker length");
        // anything else a damaged file provokes (a ClassCastException, "/ by zero", a raster's
        // bounds) says only where our code tripped, which helps no user and tells too much.
        String reason = cause instanceof IOException && cause.getMessage() != null && !INTERNALS.matcher(cause.getMessage()).find()
                ? " (" + cause.getMessage() + ")" : "";
        return "the " + format + " file is damaged and could not be decoded" + reason;
    }

    private static final java.util.regex.Pattern INTERNALS = java.util.regex.Pattern.compile(
            "Exception|Error|java\\.|javax\\.|sun\\.|\\bclass\\b|module|Raster|[Ii]ndex \\d|/ by zero|\\bnull\\b");

    private static boolean isTruncation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t instanceof EOFException || message.contains("end of") || message.contains("premature")
                    || message.contains("truncated") || (t instanceof IIOException && message.contains("eof"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * libjpeg does not fail on a truncated file: it warns "Premature end of JPEG file" and fills
     * the rest with grey. A half-grey result is a wrong answer, so truncation becomes an error.
     * Other warnings (stray bytes between markers, a bad ICC profile) are common in files that
     * look fine to every viewer, and are let through.
     */
    private static final class Warnings implements IIOReadWarningListener {
        private volatile String truncation;

        @Override
        public void warningOccurred(ImageReader source, String warning) {
            String w = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
            if (w.contains("premature end") || w.contains("missing eoi") || w.contains("truncated")) {
                truncation = warning;
            }
        }

        void throwIfTruncated(ImageFormat format) {
            if (truncation != null) {
                throw new UnreadableImageException("the " + format + " file is truncated: it ends before the image "
                        + "data does (" + truncation + ")");
            }
        }
    }

    /**
     * Remembers what the progress threw (a run cancelled or past its deadline stops there): the
     * PNG reader wraps anything thrown inside it as "Caught exception during read", which would
     * otherwise reach the user as a damaged file instead of a cancelled job.
     */
    private static final class ReadProgress implements IIOReadProgressListener {
        private final Progress progress;
        private RuntimeException stopped;

        ReadProgress(Progress progress) {
            this.progress = progress;
        }

        private void report(double fraction) {
            try {
                progress.report(fraction);
            } catch (RuntimeException e) {
                stopped = e;
                throw e;
            }
        }

        @Override public void imageProgress(ImageReader source, float percentageDone) {
            report(percentageDone / 100.0);
        }
        @Override public void imageComplete(ImageReader source) {
            report(1.0);
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
