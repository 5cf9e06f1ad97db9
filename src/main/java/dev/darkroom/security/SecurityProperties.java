package dev.darkroom.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param anonymous      an explicit opt-in for a trusted network: no keys, everything belongs to one
 *                       owner, the earlier systems' routes work without credentials
 * @param bootstrapKey   an admin key with this value is created at start (or kept), for deployments
 *                       and test scripts; at least 24 characters
 * @param keyFile        where the admin key made at the first start (when no key exists at all) is
 *                       written, readable by the user alone, besides being printed once
 * @param allowedOrigins origins besides the service's own whose pages may change things and open
 *                       WebSockets, e.g. {@code https://app.example.com}
 * @param rateLimit      requests per second one key may make (a burst of the same size is allowed)
 * @param sessionTtl     how long a browser stays signed in
 * @param openMetrics    serve {@code /actuator/prometheus} without a key, for a scraper inside the
 *                       cluster that cannot send one; keep {@code /actuator} off the public ingress then
 */
@ConfigurationProperties("darkroom.security")
public record SecurityProperties(
        @DefaultValue("false") boolean anonymous,
        String bootstrapKey,
        @DefaultValue(".darkroom/admin-key") Path keyFile,
        @DefaultValue List<String> allowedOrigins,
        @DefaultValue("100") int rateLimit,
        @DefaultValue("30d") Duration sessionTtl,
        @DefaultValue("false") boolean openMetrics) {

    public SecurityProperties {
        if (bootstrapKey != null && !bootstrapKey.isBlank() && bootstrapKey.strip().length() < 24) {
            throw new IllegalArgumentException("darkroom.security.bootstrap-key must be at least 24 characters: "
                    + "it is an admin key");
        }
        if (rateLimit < 1) {
            throw new IllegalArgumentException("darkroom.security.rate-limit must be at least 1, got " + rateLimit);
        }
    }
}
