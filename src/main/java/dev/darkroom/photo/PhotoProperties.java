package dev.darkroom.photo;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param queue            the photo-processor's durable queue, one message per photo
 * @param concurrency      photos one worker processes at once; 0 means one per core (each
 *                         consumer slot takes one message at a time, as the photo-processor did)
 * @param thumbnailSize    thumbnails fit inside this square, aspect kept
 * @param processUploads   whether every upload is queued for a thumbnail and its colours
 * @param deadline         how long processing one photo may take, a download included
 * @param maxUrls          URLs one POST /photos may register; more answers 400 naming the limit
 */
@ConfigurationProperties("darkroom.photos")
public record PhotoProperties(
        @DefaultValue("photo-processor") String queue,
        @DefaultValue("0") int concurrency,
        @DefaultValue("320") int thumbnailSize,
        @DefaultValue("true") boolean processUploads,
        @DefaultValue("5m") Duration deadline,
        @DefaultValue("100") int maxUrls) {

    public int effectiveConcurrency() {
        return concurrency > 0 ? concurrency : Runtime.getRuntime().availableProcessors();
    }
}
