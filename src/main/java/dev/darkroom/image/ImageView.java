package dev.darkroom.image;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** An image as clients see it; {@code links} saves them from building URLs. */
public record ImageView(
        UUID id,
        String filename,
        String contentType,
        Long sizeBytes,
        Integer width,
        Integer height,
        String status,
        String url,
        String error,
        Instant createdAt,
        Map<String, String> links) {

    public static ImageView of(Image image) {
        String self = "/api/images/" + image.id();
        return new ImageView(image.id(), image.filename(), image.contentType(), image.sizeBytes(), image.width(),
                image.height(), image.status().name(), image.url(), image.error(), image.createdAt(),
                Map.of("self", self, "original", self + "/original", "thumbnail", self + "/thumbnail"));
    }
}
