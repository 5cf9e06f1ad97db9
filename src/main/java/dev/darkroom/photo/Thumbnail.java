package dev.darkroom.photo;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code photo_thumbnails}; {@code url} is the object's path relative to the bucket. */
public record Thumbnail(UUID uuid, UUID photoUuid, int width, int height, String url, Instant createdAt) {
}
