package dev.darkroom.image;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An image as clients see it; {@code links} saves them from building URLs. {@code width} and
 * {@code height} are as displayed, after the EXIF orientation (a portrait photo stored on its side
 * is taller than wide, as its thumbnail is); {@code storedWidth} and {@code storedHeight} are the
 * pixels as stored in the file. {@code orientation} is the EXIF tag, 1 (upright) to 8, or null for
 * an image stored before the tag was read, whose displayed size is then given as the stored one.
 */
@io.swagger.v3.oas.annotations.media.Schema(name = "Image")
public record ImageView(
        UUID id,
        @Nullable String filename,
        @Nullable String contentType,
        @Nullable Long sizeBytes,
        @io.swagger.v3.oas.annotations.media.Schema(description = "As displayed, after the EXIF orientation")
        @Nullable Integer width,
        @io.swagger.v3.oas.annotations.media.Schema(description = "As displayed, after the EXIF orientation")
        @Nullable Integer height,
        @io.swagger.v3.oas.annotations.media.Schema(description = "As stored in the file")
        @Nullable Integer storedWidth,
        @io.swagger.v3.oas.annotations.media.Schema(description = "As stored in the file")
        @Nullable Integer storedHeight,
        @io.swagger.v3.oas.annotations.media.Schema(description = "The EXIF orientation, 1 (upright) to 8; 5 to 8 lie on their side",
                minimum = "1", maximum = "8")
        @Nullable Integer orientation,
        String status,
        @Nullable String url,
        @Nullable String error,
        Instant createdAt,
        Map<String, String> links) {

    public static ImageView of(Image image) {
        String self = "/api/images/" + image.id();
        boolean onSide = image.orientation() != null && ExifOrientation.swapsSides(image.orientation());
        return new ImageView(image.id(), image.filename(), image.contentType(), image.sizeBytes(),
                onSide ? image.height() : image.width(), onSide ? image.width() : image.height(), image.width(), image.height(),
                image.orientation() == null ? null : image.orientation().intValue(), image.status().name(), image.url(), image.error(), image.createdAt(),
                Map.of("self", self, "original", self + "/original", "thumbnail", self + "/thumbnail"));
    }
}
