package dev.darkroom.webhook;

import java.net.URI;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** Sends one event to a receiver and says how it went; never fails, whatever the receiver does. */
interface WebhookSender {

    Mono<Result> post(URI url, Map<String, String> headers, String body);

    /**
     * @param code   the receiver's status code, null if none came
     * @param error  what went wrong, for the owner to read; null when delivered
     * @param retry  whether another attempt could go otherwise (a 5xx, 408, 429, a timeout, a
     *               connection that failed), as opposed to a refusal to try again as it is
     */
    record Result(@Nullable Integer code, @Nullable String error, boolean retry) {

        boolean delivered() {
            return error == null;
        }
    }
}
