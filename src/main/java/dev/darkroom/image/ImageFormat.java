package dev.darkroom.image;

import java.util.Arrays;
import java.util.Optional;

/** The formats Darkroom accepts, recognised by their first bytes, never by name or header. */
public enum ImageFormat {

    JPEG("image/jpeg", "jpeg"),
    PNG("image/png", "png"),
    GIF("image/gif", "gif"),
    BMP("image/bmp", "bmp"),
    TIFF("image/tiff", "tiff"),
    WEBP("image/webp", "webp");

    /** Enough bytes to tell every accepted format apart. */
    public static final int MAGIC_LENGTH = 12;

    private final String mediaType;
    private final String imageIoName;

    ImageFormat(String mediaType, String imageIoName) {
        this.mediaType = mediaType;
        this.imageIoName = imageIoName;
    }

    public String mediaType() {
        return mediaType;
    }

    String imageIoName() {
        return imageIoName;
    }

    public static Optional<ImageFormat> sniff(byte[] head) {
        // The checks read the first MAGIC_LENGTH bytes only: copy those (zero-padded when the file
        // is shorter), not the whole file, which every decode passes in.
        byte[] h = Arrays.copyOf(head, MAGIC_LENGTH);
        if (u(h, 0) == 0xFF && u(h, 1) == 0xD8 && u(h, 2) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (startsWith(h, 0, new int[] {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})) {
            return Optional.of(PNG);
        }
        if (startsWith(h, 0, "GIF87a") || startsWith(h, 0, "GIF89a")) {
            return Optional.of(GIF);
        }
        // "BM" alone matches too much text; the reserved header fields at 6..9 are zero in real files.
        if (startsWith(h, 0, "BM") && h[6] == 0 && h[7] == 0 && h[8] == 0 && h[9] == 0 && head.length >= 26) {
            return Optional.of(BMP);
        }
        if (startsWith(h, 0, new int[] {'I', 'I', 0x2A, 0x00}) || startsWith(h, 0, new int[] {'M', 'M', 0x00, 0x2A})) {
            return Optional.of(TIFF);
        }
        if (startsWith(h, 0, "RIFF") && startsWith(h, 8, "WEBP")) {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    private static int u(byte[] h, int i) {
        return h[i] & 0xFF;
    }

    private static boolean startsWith(byte[] h, int offset, String ascii) {
        return startsWith(h, offset, ascii.chars().toArray());
    }

    private static boolean startsWith(byte[] h, int offset, int[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (u(h, offset + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
