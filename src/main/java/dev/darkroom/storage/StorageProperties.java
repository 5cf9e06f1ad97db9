package dev.darkroom.storage;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Object storage. With no {@code endpoint}, an S3-compatible server starts in-process and keeps
 * its objects under {@code embedded.dataDir}; with one (MinIO in compose), the same client code
 * talks to it.
 */
@ConfigurationProperties("darkroom.storage")
public record StorageProperties(
        String endpoint,
        @DefaultValue("darkroom") String bucket,
        @DefaultValue("darkroom") String accessKey,
        @DefaultValue("darkroom-secret") String secretKey,
        @DefaultValue("us-east-1") String region,
        @DefaultValue Embedded embedded) {

    public boolean embeddedServer() {
        return endpoint == null || endpoint.isBlank();
    }

    /**
     * @param port 0 picks a free port
     */
    public record Embedded(
            @DefaultValue(".darkroom/s3") Path dataDir,
            @DefaultValue("127.0.0.1") String host,
            @DefaultValue("0") int port) {
    }
}
