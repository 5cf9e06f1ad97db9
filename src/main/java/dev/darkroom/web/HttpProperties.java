package dev.darkroom.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the HTTP server waits for a client that stopped sending in the middle of a request. The
 * wait for the next request on an idle kept-alive connection is Spring Boot's own
 * {@code server.netty.idle-timeout}, set in application.yaml.
 *
 * @param headerTimeout   from the first byte of a request to the end of its headers; short, since
 *                        a client sends its headers at once, and a limit on the whole head rather
 *                        than on each pause also catches a client trickling bytes to hold a connection
 * @param bodyReadTimeout the longest pause while a request body is arriving; long enough for an
 *                        upload over a slow link that briefly stalls, or waits for storage to catch up
 */
@ConfigurationProperties("darkroom.http")
record HttpProperties(@DefaultValue("20s") Duration headerTimeout, @DefaultValue("60s") Duration bodyReadTimeout) {

    HttpProperties {
        if (!headerTimeout.isPositive()) {
            throw new IllegalArgumentException("darkroom.http.header-timeout must be positive, got " + headerTimeout);
        }
        if (!bodyReadTimeout.isPositive()) {
            throw new IllegalArgumentException("darkroom.http.body-read-timeout must be positive, got " + bodyReadTimeout);
        }
    }
}
