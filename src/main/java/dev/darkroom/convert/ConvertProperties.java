package dev.darkroom.convert;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the synchronous conversion. Four megapixels converts in well under a second, which is
 * what a caller waiting on one HTTP request can be asked to bear; beyond that, a job shows progress.
 */
@ConfigurationProperties("darkroom.convert")
public record ConvertProperties(
        @DefaultValue("4000000") long maxPixels,
        @DefaultValue("10MB") DataSize maxFileSize) {
}
