package dev.darkroom.image;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored photo: uploaded, or registered by URL (then {@code url} is set and the file fields are
 * filled once it is downloaded). Row of the {@code photos} table. {@code width} and {@code height}
 * are as stored; {@code orientation} is the EXIF tag (null if not read, for images stored before).
 */
public record Image(
        UUID id,
        UUID owner,
        String url,
        PhotoStatus status,
        Instant createdAt,
        String filename,
        String contentType,
        Long sizeBytes,
        Integer width,
        Integer height,
        Short orientation,
        String originalKey,
        String error) {

    public static String originalKey(UUID id) {
        return "originals/" + id;
    }

    /** How a message to its owner names it: "the 10950x10950 PNG". */
    public String describe() {
        String type = contentType == null ? "image" : contentType.replace("image/", "").toUpperCase(java.util.Locale.ROOT);
        return width == null ? "the " + type : "the " + width + "x" + height + " " + type;
    }
}
