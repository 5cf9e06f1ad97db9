package dev.darkroom.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import dev.darkroom.security.Caller;
import dev.darkroom.web.PageCursor;
import dev.darkroom.web.ProblemType;
import reactor.core.publisher.Mono;

/**
 * {@code /api/webhooks}: an owner's endpoints, and every delivery to them and to the callbacks the
 * owner's requests named, with each attempt. Another owner's ids answer 404.
 */
@RestController
@Tag(name = "Webhooks")
class WebhookController {

    private final Webhooks webhooks;
    private final WebhookRepository repository;

    WebhookController(Webhooks webhooks, WebhookRepository repository) {
        this.webhooks = webhooks;
        this.repository = repository;
    }

    @Schema(name = "WebhookRequest", requiredProperties = {"url", "events"})
    record EndpointRequest(@Schema(example = "https://example.com/darkroom-events") @Nullable String url,
                           @Schema(description = "Event types: job.succeeded, job.failed, job.cancelled, batch.succeeded, "
                                   + "batch.failed, batch.cancelled, photo.completed, photo.failed") @Nullable List<String> events) { }

    /** {@code secret} only in the answer that made the endpoint. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Webhook")
    record EndpointView(UUID id, String url, List<String> events, Instant createdAt,
                        @Schema(description = "Signs every event sent here; shown once, in the answer that made the endpoint")
                        @Nullable String secret) {

        static EndpointView of(WebhookRepository.Endpoint endpoint, boolean withSecret) {
            return new EndpointView(endpoint.id(), endpoint.url(), endpoint.events(), endpoint.createdAt(),
                    withSecret ? endpoint.secret() : null);
        }
    }

    @Schema(name = "WebhookList")
    record Endpoints(List<EndpointView> webhooks) { }

    @Schema(name = "WebhookAttempt", description = "outcome: delivered, retrying (another attempt is due) or failed")
    record AttemptView(int number, Instant startedAt, int durationMs, @Nullable Integer responseCode, @Nullable String error,
                       String outcome) { }

    @Schema(name = "WebhookDelivery", description = "One event sent to one endpoint or callback. status: pending, "
            + "delivered or failed (no more attempts); callback: sent to a request's callback rather than a registered endpoint")
    record DeliveryView(UUID id, UUID eventId, String eventType, UUID subjectId, Instant eventCreatedAt, UUID endpointId,
                        String url, boolean callback, String status, int attempts, @Nullable Instant nextAttemptAt,
                        @Nullable String lastError, @Nullable UUID resendOf, Instant createdAt, @Nullable Instant finishedAt,
                        List<AttemptView> attemptLog) {

        static DeliveryView of(WebhookRepository.Delivery d, List<WebhookRepository.Attempt> attempts) {
            return new DeliveryView(d.id(), d.eventId(), d.eventType(), d.subjectId(), d.eventCreatedAt(), d.endpointId(), d.url(),
                    d.callback(), d.status(), d.attempts(), d.nextAttemptAt(), d.lastError(), d.resendOf(), d.createdAt(),
                    d.finishedAt(), attempts.stream().map(a -> new AttemptView(a.number(), a.startedAt(), a.durationMs(),
                            a.responseCode(), a.error(), a.outcome())).toList());
        }
    }

    @Schema(name = "WebhookDeliveryList")
    record Deliveries(List<DeliveryView> deliveries,
                      @Schema(description = "Pass as cursor (with the same subject) for the next page; null on the last")
                      @Nullable String next) { }

    /** The name webhook delivery cursors carry, so that another list's cursor is refused here. */
    private static final String CURSOR_KIND = "webhook-delivery";

    @Operation(operationId = "createWebhook", summary = "Register an endpoint for event types; the answer is the only time its secret is shown",
            description = "The URL must be http or https and resolve to public addresses only (as photo URLs must); "
                    + "it is checked now and again at every delivery.")
    @ApiResponse(responseCode = "201", description = "The endpoint, with the secret that signs its events")
    @PostMapping(path = "/api/webhooks", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<EndpointView>> create(@RequestBody EndpointRequest request) {
        return Caller.currentOwner().flatMap(owner -> webhooks.register(owner, request.url(), request.events()))
                .map(endpoint -> ResponseEntity.status(HttpStatus.CREATED).body(EndpointView.of(endpoint, true)));
    }

    @Operation(operationId = "listWebhooks", summary = "The owner's endpoints, without their secrets")
    @GetMapping(path = "/api/webhooks", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Endpoints> list() {
        return Caller.currentOwner().flatMapMany(webhooks::endpoints)
                .map(endpoint -> EndpointView.of(endpoint, false)).collectList().map(Endpoints::new);
    }

    @Operation(operationId = "deleteWebhook", summary = "Stop sending events to an endpoint; deliveries still due to it fail")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @DeleteMapping("/api/webhooks/{id}")
    Mono<ResponseEntity<Void>> delete(@PathVariable UUID id) {
        return Caller.currentOwner().flatMap(owner -> webhooks.delete(owner, id)).thenReturn(ResponseEntity.noContent().build());
    }

    @Operation(operationId = "listWebhookDeliveries", summary = "Deliveries to the owner's endpoints and callbacks, newest first, "
            + "each with its attempts", description = "subject narrows them to one job, batch or photo.")
    @GetMapping(path = "/api/webhooks/deliveries", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Deliveries> deliveries(@Schema(minimum = "1", maximum = "500") @RequestParam(defaultValue = "50") int limit,
                                @RequestParam(required = false) @Nullable UUID subject,
                                @Schema(description = "The next of the previous page") @RequestParam(required = false) @Nullable String cursor) {
        if (limit < 1 || limit > 500) {
            throw ProblemType.INVALID_PARAMETERS.because("limit must be between 1 and 500, got " + limit);
        }
        PageCursor after = null;
        if (cursor != null) {
            after = PageCursor.decode(CURSOR_KIND, cursor);
            if (after == null) {
                throw PageCursor.INVALID.because("The cursor is not one this service issued for a list of webhook "
                        + "deliveries; pass the 'next' value of the previous page unchanged, or omit it for the first page");
            }
        }
        PageCursor from = after;
        // One more than asked for says whether there is a next page.
        return Caller.currentOwner().flatMapMany(owner -> repository.deliveries(owner, subject, from, limit + 1))
                .collectList()
                .flatMap(found -> {
                    boolean more = found.size() > limit;
                    List<WebhookRepository.Delivery> page = more ? found.subList(0, limit) : found;
                    String next = more ? new PageCursor(page.getLast().createdAt(), page.getLast().id()).encode(CURSOR_KIND) : null;
                    return withAttempts(page).map(views -> new Deliveries(views, next));
                });
    }

    @Operation(operationId = "getWebhookDelivery", summary = "One delivery with its attempts")
    @GetMapping(path = "/api/webhooks/deliveries/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<DeliveryView> delivery(@PathVariable UUID id) {
        return Caller.currentOwner().flatMap(owner -> find(owner, id));
    }

    @Operation(operationId = "resendWebhookDelivery", summary = "Send an event again, as a new delivery with the same body",
            description = "For a delivery that failed, or one the receiver lost. The new delivery is due at once and "
                    + "retried as any other.")
    @ApiResponse(responseCode = "202", description = "The new delivery")
    @PostMapping(path = "/api/webhooks/deliveries/{id}/resend", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<DeliveryView>> resend(@PathVariable UUID id) {
        return Caller.currentOwner().flatMap(owner -> repository.resend(owner, id)
                        .switchIfEmpty(Mono.error(() -> notFound(id)))
                        .flatMap(created -> find(owner, created)))
                .map(view -> ResponseEntity.status(HttpStatus.ACCEPTED).body(view));
    }

    private Mono<DeliveryView> find(UUID owner, UUID id) {
        return repository.delivery(owner, id).switchIfEmpty(Mono.error(() -> notFound(id)))
                .flatMap(delivery -> withAttempts(List.of(delivery))).map(List::getFirst);
    }

    private Mono<List<DeliveryView>> withAttempts(List<WebhookRepository.Delivery> deliveries) {
        return repository.attempts(deliveries.stream().map(WebhookRepository.Delivery::id).toList())
                .collect(Collectors.groupingBy(WebhookRepository.Attempt::deliveryId))
                .map(attempts -> deliveries.stream()
                        .map(d -> DeliveryView.of(d, attempts.getOrDefault(d.id(), List.of()))).toList());
    }

    private static RuntimeException notFound(UUID id) {
        return WebhookProblems.DELIVERY_NOT_FOUND.because("You have no webhook delivery with id " + id
                + "; GET /api/webhooks/deliveries lists them").with("deliveryId", id);
    }
}
