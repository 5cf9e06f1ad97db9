package dev.darkroom.batch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param queue            durable queue of batch ids; one consumer across all instances takes from
 *                         it, so {@code concurrency} is a limit for the whole deployment
 * @param concurrency      batches that run at once; the rest wait, queued, in order. 0 means one
 *                         per core of the instance that consumes them (each batch runs one pixel
 *                         step at a time), within the memory budget of pixel work
 * @param maxRequestSize   largest batch document accepted, base64 included (a 413 beyond it)
 * @param maxImages        most images one batch may list
 * @param maxFilters       most filters one batch may list
 * @param maxResults       most results (images × filters) one batch may make; they all come back
 *                         inline in one response, which bounds that response
 * @param maxImageSize     largest image, once decoded from base64
 * @param maxImagePixels   most pixels one image may have, as its header states them; the decoded
 *                         image and each filter's output take 4 bytes a pixel
 * @param progressInterval least time between two progress writes of one batch to the database
 * @param deadline         how long one batch may run, from its start to its last stored result
 */
@ConfigurationProperties("darkroom.batches")
record BatchProperties(
        @DefaultValue("darkroom.batches") String queue,
        @DefaultValue("0") int concurrency,
        @DefaultValue("64MB") DataSize maxRequestSize,
        @DefaultValue("50") int maxImages,
        @DefaultValue("20") int maxFilters,
        @DefaultValue("100") int maxResults,
        @DefaultValue("32MB") DataSize maxImageSize,
        @DefaultValue("40000000") long maxImagePixels,
        @DefaultValue("500ms") Duration progressInterval,
        @DefaultValue("30m") Duration deadline) {

    BatchProperties {
        if (concurrency < 0) {
            throw new IllegalArgumentException("darkroom.batches.concurrency must be 0 (one per core) or more, got " + concurrency);
        }
        if (maxRequestSize.toBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("darkroom.batches.max-request-size must be below 2 GB: the document is read into memory");
        }
    }

    int effectiveConcurrency() {
        return concurrency > 0 ? concurrency : Runtime.getRuntime().availableProcessors();
    }
}
