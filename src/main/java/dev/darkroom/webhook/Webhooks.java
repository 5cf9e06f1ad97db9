package dev.darkroom.webhook;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import dev.darkroom.operation.InvalidParamsException;
import dev.darkroom.operation.ParamViolation;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Where events go: endpoints an owner registers for event types, and the callback a single job,
 * batch or photo request names. Both are endpoints with a secret of their own, shown once.
 */
@Service
public class Webhooks {

    /**
     * Every event type: a kind of work and the state it ended in, as the database trigger names
     * them (V8__webhooks.sql).
     */
    public static final List<String> EVENT_TYPES = List.of("job.succeeded", "job.failed", "job.cancelled",
            "batch.succeeded", "batch.failed", "batch.cancelled", "photo.completed", "photo.failed");

    private final WebhookRepository repository;
    private final WebhookProperties properties;

    Webhooks(WebhookRepository repository, WebhookProperties properties) {
        this.repository = repository;
        this.properties = properties;
    }

    /**
     * The callback a request names, as {@code "callback": {"url": …}}, checked as far as it can be
     * without the network; null when there is none. Its problems join {@code problems}, at
     * {@code pointer} and below.
     */
    public static @Nullable URI callbackUrl(@Nullable JsonNode callback, String pointer, List<ParamViolation> problems) {
        if (callback == null || callback.isNull()) {
            return null;
        }
        if (!callback.isObject()) {
            problems.add(new ParamViolation(pointer, "must be an object {\"url\": \"https://…\"}"));
            return null;
        }
        for (String field : callback.propertyNames()) {
            if (!field.equals("url")) {
                problems.add(new ParamViolation(pointer + "/" + field, "is not a field of a callback; known: url"));
            }
        }
        JsonNode url = callback.get("url");
        try {
            return CallbackUrls.parse(url == null || !url.isString() ? null : url.asString());
        } catch (IllegalArgumentException e) {
            problems.add(new ParamViolation(pointer + "/url", e.getMessage()));
            return null;
        }
    }

    /** A 400 problem at {@code pointer} if events may not be sent to this URL's host (a private address). */
    public Mono<Void> checkAddress(@Nullable URI url, String pointer) {
        if (url == null) {
            return Mono.empty();
        }
        return CallbackUrls.refusal(url, properties)
                .flatMap(refusal -> Mono.<Void>error(new InvalidParamsException(List.of(new ParamViolation(pointer, refusal)))));
    }

    /**
     * A request's callback, as its answer shows it: the secret that signs its events is in this
     * answer only.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Callback", description = "Where the request's work reports its end, and the secret that signs it "
            + "(shown in the answer that made it, never again)")
    public record Callback(UUID id, String url, @Nullable String secret) { }

    /** Stores a request's callback; call it in the transaction that stores the request's work. */
    public Mono<Callback> registerCallback(UUID owner, URI url) {
        return repository.insertEndpoint(owner, url.toString(), null, Signatures.newSecret())
                .map(endpoint -> new Callback(endpoint.id(), endpoint.url(), endpoint.secret()));
    }

    Mono<WebhookRepository.Endpoint> register(UUID owner, @Nullable String rawUrl, @Nullable List<String> events) {
        List<ParamViolation> problems = new ArrayList<>();
        URI url = null;
        try {
            url = CallbackUrls.parse(rawUrl);
        } catch (IllegalArgumentException e) {
            problems.add(new ParamViolation("/url", e.getMessage()));
        }
        LinkedHashSet<String> types = new LinkedHashSet<>();
        if (events == null || events.isEmpty()) {
            problems.add(new ParamViolation("/events", "is required: a list of event types, of " + String.join(", ", EVENT_TYPES)));
        } else {
            for (int i = 0; i < events.size(); i++) {
                if (!EVENT_TYPES.contains(events.get(i))) {
                    problems.add(new ParamViolation("/events/" + i, "'" + events.get(i) + "' is not an event type; known: "
                            + String.join(", ", EVENT_TYPES)));
                } else {
                    types.add(events.get(i));
                }
            }
        }
        if (!problems.isEmpty()) {
            return Mono.error(new InvalidParamsException(problems));
        }
        URI checked = url;
        return checkAddress(checked, "/url")
                .then(repository.insertEndpoint(owner, checked.toString(), List.copyOf(types), Signatures.newSecret()));
    }

    Flux<WebhookRepository.Endpoint> endpoints(UUID owner) {
        return repository.endpoints(owner);
    }

    Mono<Void> delete(UUID owner, UUID id) {
        return repository.deleteEndpoint(owner, id).flatMap(deleted -> deleted ? Mono.<Void>empty()
                : Mono.error(WebhookProblems.ENDPOINT_NOT_FOUND.because("You have no webhook endpoint with id " + id
                        + "; GET /api/webhooks lists them").with("webhookId", id)));
    }
}
