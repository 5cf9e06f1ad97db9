package dev.darkroom.image;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An image as clients see it; {@code links} saves them from building URLs. {@code sha256} is the
 * hex SHA-256 of the original's bytes; {@code duplicate} is true in an upload's answer when those
 * bytes were already stored as this image, so nothing new was stored.
 */
@io.swagger.v3.oas.annotations.media.Schema(name = "Image")
public record ImageView(
        UUID id,
        @Nullable String filename,
        @Nullable String contentType,
        @Nullable Long sizeBytes,
        @Nullable Integer width,
        @Nullable Integer height,
        String status,
        @Nullable String url,
        @Nullable String error,
        Instant createdAt,
        @Nullable String sha256,
        boolean duplicate,
        Map<String, String> links) {

    public static ImageView of(Image image) {
        return of(image, false);
    }

    /** An upload's answer for bytes the owner had stored already: the image they were stored as. */
    public static ImageView duplicate(Image image) {
        return of(image, true);
    }

    private static ImageView of(Image image, boolean duplicate) {
        String self = "/api/images/" + image.id();
        return new ImageView(image.id(), image.filename(), image.contentType(), image.sizeBytes(), image.width(),
                image.height(), image.status().name(), image.url(), image.error(), image.createdAt(),
                image.sha256(), duplicate,
                Map.of("self", self, "original", self + "/original", "thumbnail", self + "/thumbnail"));
    }
}
