package dev.darkroom.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook deliveries.
 *
 * @param allowedHosts   {@code host:port} entries exempt from the private-address refusal, e.g. a
 *                       receiver on loopback in a test ({@code DARKROOM_WEBHOOKS_ALLOWED_HOSTS=localhost:9000})
 * @param maxAttempts    attempts per delivery before it is given up (the first one included)
 * @param firstRetry     the wait before the second attempt; each later wait doubles, with jitter
 * @param maxRetry       the longest wait between two attempts
 * @param connectTimeout time to open a connection to the receiver
 * @param timeout        time for the receiver to answer once connected; longer counts as a failed attempt
 * @param pollInterval   how often each instance looks for deliveries that are due
 * @param concurrency    deliveries in flight at once on one instance
 * @param retention      how long a delivery is kept, with its attempts, once it was delivered or
 *                       given up on (pending ones are kept until they end); 0 keeps them for good
 */
@ConfigurationProperties("darkroom.webhooks")
public record WebhookProperties(
        @DefaultValue List<String> allowedHosts,
        @DefaultValue("10") int maxAttempts,
        @DefaultValue("30s") Duration firstRetry,
        @DefaultValue("1h") Duration maxRetry,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("16") int concurrency,
        @DefaultValue("30d") Duration retention) {

    boolean allows(String host, int port) {
        String entry = host.toLowerCase(Locale.ROOT) + ":" + port;
        return allowedHosts.stream().anyMatch(allowed -> allowed.strip().toLowerCase(Locale.ROOT).equals(entry));
    }

    /**
     * The wait before attempt {@code attempt + 1}: doubling from {@code firstRetry} up to
     * {@code maxRetry}, then a random point in its upper half, so receivers that failed together
     * are not all retried in the same instant.
     */
    Duration backoff(int attempt, double random) {
        double base = firstRetry.toMillis() * Math.pow(2, Math.max(0, attempt - 1));
        double capped = Math.min(base, maxRetry.toMillis());
        return Duration.ofMillis((long) (capped / 2 + random * capped / 2));
    }
}
