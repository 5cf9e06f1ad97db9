package dev.darkroom.photo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param queue            the photo-processor's durable queue, one message per photo
 * @param concurrency      photos one worker processes at once (the original consumer took one)
 * @param thumbnailSize    thumbnails fit inside this square, aspect kept
 * @param processUploads   whether every upload is queued for a thumbnail and its colours
 */
@ConfigurationProperties("darkroom.photos")
public record PhotoProperties(
        @DefaultValue("photo-processor") String queue,
        @DefaultValue("1") int concurrency,
        @DefaultValue("320") int thumbnailSize,
        @DefaultValue("true") boolean processUploads) {
}
