package dev.darkroom.storage;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Object storage. With an {@code endpoint} (MinIO in compose and on a cluster), the MinIO client
 * talks to it. With none, development builds start an S3-compatible server in-process that keeps
 * its objects under {@code embedded.dataDir}; the production jar has no such server and refuses to
 * start without an endpoint. {@code recent} is how many bytes of the objects this instance wrote
 * lately it keeps in memory to answer reads soon after without the store (0: none).
 */
@ConfigurationProperties("darkroom.storage")
public record StorageProperties(
        String endpoint,
        @DefaultValue("darkroom") String bucket,
        @DefaultValue("darkroom") String accessKey,
        @DefaultValue("darkroom-secret") String secretKey,
        @DefaultValue("us-east-1") String region,
        @DefaultValue Embedded embedded,
        @DefaultValue Timeouts timeouts,
        @DefaultValue("64MB") DataSize recent) {

    public boolean embeddedServer() {
        return endpoint == null || endpoint.isBlank();
    }

    /**
     * Without these a store that stops answering holds every upload and download for as long as
     * it is frozen.
     *
     * @param connect how long opening a connection may take
     * @param read    longest silence while waiting for the store's answer or the next bytes
     * @param write   longest stall while sending a request's bytes
     */
    public record Timeouts(
            @DefaultValue("5s") Duration connect,
            @DefaultValue("30s") Duration read,
            @DefaultValue("30s") Duration write) {
    }

    /**
     * @param port 0 picks a free port
     * @param nice how much lower than request threads its threads run (Linux nice, 0 to 19), as
     *             the pixel threads do: it stands in for a store that is a process of its own
     */
    public record Embedded(
            @DefaultValue(".darkroom/s3") Path dataDir,
            @DefaultValue("127.0.0.1") String host,
            @DefaultValue("0") int port,
            @DefaultValue("10") int nice) {
    }
}
