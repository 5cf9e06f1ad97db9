package dev.darkroom.image;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An image as clients see it; {@code links} saves them from building URLs. */
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
        Map<String, String> links) {

    public static ImageView of(Image image) {
        String self = "/api/images/" + image.id();
        return new ImageView(image.id(), image.filename(), image.contentType(), image.sizeBytes(), image.width(),
                image.height(), image.status().name(), image.url(), image.error(), image.createdAt(),
                Map.of("self", self, "original", self + "/original", "thumbnail", self + "/thumbnail"));
    }
}
