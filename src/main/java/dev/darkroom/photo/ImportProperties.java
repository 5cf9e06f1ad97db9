package dev.darkroom.photo;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Downloads of photos registered by URL.
 *
 * @param allowedHosts {@code host:port} entries exempt from the private-address refusal, e.g. a
 *                     test server on loopback ({@code DARKROOM_IMPORT_ALLOWED_HOSTS=localhost:8089})
 * @param maxRedirects redirects followed before giving up; each target is checked again
 * @param connectTimeout time to open a connection
 * @param readTimeout  longest silence while waiting for headers or the next bytes
 * @param totalTimeout longest a whole download may take
 * @param queue        the download stage's durable queue, one message per photo to download
 * @param concurrency  downloads one instance runs at once, whatever their hosts (the global limit)
 * @param perHost      downloads from one host at once, within that
 */
@ConfigurationProperties("darkroom.import")
public record ImportProperties(
        @DefaultValue List<String> allowedHosts,
        @DefaultValue("5") int maxRedirects,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("15s") Duration readTimeout,
        @DefaultValue("2m") Duration totalTimeout,
        @DefaultValue("photo-downloads") String queue,
        @DefaultValue("16") int concurrency,
        @DefaultValue("2") int perHost) {

    boolean allows(String host, int port) {
        String entry = host.toLowerCase(java.util.Locale.ROOT) + ":" + port;
        return allowedHosts.stream().anyMatch(allowed -> allowed.strip().toLowerCase(java.util.Locale.ROOT).equals(entry));
    }
}
