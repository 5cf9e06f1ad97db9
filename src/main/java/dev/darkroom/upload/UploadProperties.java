package dev.darkroom.upload;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxFileSize largest accepted file
 * @param maxPixels   largest accepted width × height. 120 MP takes the largest camera sensors
 *                    sold today (about 102 MP) while a decoded image still fits comfortably in
 *                    memory (120 MP × 4 bytes = 480 MB); Pillow's hard stop is 179 MP.
 * @param maxFiles    most files in one request; bulk clients send several requests
 * @param orphanSweep how often stored originals without a row are looked for and removed (bytes stored
 *                    by an upload whose row could not be written, or that a frozen store kept late)
 * @param duplicates  what an upload of bytes the owner has already stored does when the request
 *                    does not say ({@code ?duplicates=}): {@code reuse} answers with the stored
 *                    image, marked duplicate; {@code keep} stores a new image
 */
@ConfigurationProperties("darkroom.upload")
public record UploadProperties(
        @DefaultValue("50MB") DataSize maxFileSize,
        @DefaultValue("120000000") long maxPixels,
        @DefaultValue("100") int maxFiles,
        @DefaultValue("1h") java.time.Duration orphanSweep,
        @DefaultValue("reuse") String duplicates) {

    public UploadProperties {
        if (!duplicates.equals("reuse") && !duplicates.equals("keep")) {
            throw new IllegalArgumentException("darkroom.upload.duplicates must be reuse or keep, got " + duplicates);
        }
        // The decoder refuses anything larger whatever this says; accepting such uploads would
        // only turn them into failed jobs later.
        if (maxPixels > dev.darkroom.image.ImageDecoder.MAX_PIXELS) {
            throw new IllegalArgumentException("darkroom.upload.max-pixels may be at most "
                    + dev.darkroom.image.ImageDecoder.MAX_PIXELS + " (the decoder's ceiling), got " + maxPixels);
        }
    }
}
