package dev.darkroom.image;

import java.awt.image.BufferedImage;

import dev.darkroom.operation.DecodeHint;
import dev.darkroom.operation.Progress;

/**
 * The pure-Java JPEG path, for systems without libjpeg-turbo: thumbnails of baseline files
 * straight from their DCT coefficients ({@link JpegDraft}), everything else (full decodes,
 * progressive and CMYK files) and all encoding left to ImageIO. Several times slower than libjpeg-turbo on
 * progressive files and full decodes, which is why the start-up log says so.
 */
final class JavaJpeg implements JpegCodec {

    static final JavaJpeg INSTANCE = new JavaJpeg();

    private JavaJpeg() {
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public BufferedImage decode(byte[] jpeg, DecodeHint hint, boolean upright, Progress progress) {
        if (hint.equals(DecodeHint.FULL)) {
            return null;
        }
        JpegDraft draft = JpegDraft.parse(jpeg);
        if (draft == null) {
            return null;
        }
        ImageDecoder.refuseBombs(ImageFormat.JPEG, draft.width, draft.height);
        int scale = upright ? hint.blockReduction(draft.width, draft.height) : hint.blockReduction(draft.height, draft.width);
        return scale > 1 ? draft.decode(scale, progress) : null;
    }

    @Override
    public byte[] encode(BufferedImage image, int quality) {
        return null;
    }
}
