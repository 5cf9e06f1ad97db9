package dev.darkroom.webhook;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The relay for webhook deliveries, as the outbox relay is for messages: on every instance, it
 * claims the deliveries that are due (each instance its own, through {@code SKIP LOCKED}), renders
 * an event's body once, signs and sends it, and records the attempt. A delivery that failed for a
 * reason that may pass (5xx, 408, 429, a timeout, a lost connection) is due again after an
 * exponential, jittered wait, until {@code max-attempts}. Nothing here runs on a worker's path: an
 * ending only inserts rows, in its own transaction.
 */
@Component
class WebhookDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final WebhookRepository repository;
    private final WebhookSender sender;
    private final WebhookProperties properties;
    private final Map<String, WebhookSubject> subjects;
    private final JsonMapper json;
    private final MeterRegistry metrics;
    private final java.util.concurrent.atomic.AtomicLong pending = new java.util.concurrent.atomic.AtomicLong();
    private volatile Disposable polling;
    private volatile Disposable counting;
    private volatile Disposable purging;

    WebhookDispatcher(WebhookRepository repository, WebhookSender sender, WebhookProperties properties,
                      List<WebhookSubject> subjects, JsonMapper json, MeterRegistry metrics) {
        this.repository = repository;
        this.sender = sender;
        this.properties = properties;
        this.subjects = subjects.stream().collect(Collectors.toMap(WebhookSubject::kind, Function.identity()));
        this.json = json;
        this.metrics = metrics;
        io.micrometer.core.instrument.Gauge.builder("darkroom.webhooks.pending", pending, java.util.concurrent.atomic.AtomicLong::get)
                .description("Webhook deliveries not yet delivered or given up on").register(metrics);
        for (String type : Webhooks.EVENT_TYPES) {
            String kind = type.substring(0, type.indexOf('.'));
            if (!this.subjects.containsKey(kind)) {
                // As a job type without a handler stops Immich: better at start than at the first event.
                throw new IllegalStateException("No WebhookSubject for '" + kind + "' events");
            }
        }
    }

    @Override
    public void start() {
        long jitter = (long) (Math.random() * properties.pollInterval().toMillis());
        polling = Flux.interval(Duration.ofMillis(jitter), properties.pollInterval())
                .onBackpressureDrop()
                .concatMap(tick -> round())
                .subscribe();
        // A scrape must not wait on the database: the gauge reads the last count.
        counting = Flux.interval(Duration.ZERO, Duration.ofSeconds(10))
                .onBackpressureDrop()
                .concatMap(tick -> repository.pending().doOnNext(pending::set).onErrorResume(e -> Mono.empty()))
                .subscribe();
        // Ended deliveries are records for their owner to look at, not kept forever: hourly, from a
        // few minutes after start, a batch at a time until none is older than the retention.
        purging = Flux.interval(Duration.ofMinutes(2).plusMillis(jitter * 60), Duration.ofHours(1))
                .onBackpressureDrop()
                .concatMap(tick -> purge())
                .subscribe();
    }

    /** Deletes the deliveries that ended longer than the retention ago; the number deleted. */
    Mono<Long> purge() {
        if (properties.retention().isZero() || properties.retention().isNegative()) {
            return Mono.just(0L);   // kept for good, as configured
        }
        int batch = 1000;
        return repository.purge(properties.retention(), batch)
                .expand(deleted -> deleted < batch ? Mono.empty() : repository.purge(properties.retention(), batch))
                .reduce(0L, Long::sum)
                .doOnNext(deleted -> {
                    if (deleted > 0) {
                        log.info("Deleted {} webhook deliveries that ended more than {} ago", deleted, properties.retention());
                    }
                })
                .onErrorResume(e -> {
                    log.debug("Purging webhook deliveries failed: {}", e.toString());
                    return Mono.just(0L);
                });
    }

    /** Sends whatever is due; a database that is down makes it wait for the next round. */
    Mono<Void> round() {
        // Held for longer than an attempt can take, so an attempt in flight is never sent twice.
        Duration hold = properties.timeout().plus(properties.connectTimeout()).multipliedBy(2).plusSeconds(5);
        return repository.claim(properties.concurrency() * 4, hold)
                .flatMap(this::attempt, properties.concurrency())
                .then()
                .onErrorResume(e -> {
                    log.debug("Webhook round failed: {}", e.toString());
                    return Mono.empty();
                });
    }

    private Mono<Void> attempt(WebhookRepository.Due due) {
        Instant started = Instant.now();
        if (due.endpointGone()) {
            return repository.record(due, started, 0, null, "the webhook endpoint was deleted", "failed", null);
        }
        return body(due).flatMap(body -> {
            long timestamp = Instant.now().getEpochSecond();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(Signatures.HEADER, Signatures.header(due.secret(), timestamp, body));
            headers.put("Darkroom-Event-Id", due.eventId().toString());
            headers.put("Darkroom-Event-Type", due.eventType());
            headers.put("Darkroom-Delivery-Id", due.id().toString());
            headers.put("Darkroom-Delivery-Attempt", Integer.toString(due.attempt()));
            return sender.post(URI.create(due.url()), headers, body);
        }).flatMap(result -> {
            int duration = (int) Duration.between(started, Instant.now()).toMillis();
            String outcome;
            Duration retryIn = null;
            if (result.delivered()) {
                outcome = "delivered";
            } else if (result.retry() && due.attempt() < properties.maxAttempts()) {
                outcome = "retrying";
                retryIn = properties.backoff(due.attempt(), ThreadLocalRandom.current().nextDouble());
            } else {
                outcome = "failed";
            }
            metrics.counter("darkroom.webhooks.attempts", "outcome", outcome).increment();
            if (!result.delivered()) {
                log.info("Webhook {} ({} {}) attempt {} {}: {}", due.id(), due.eventType(), due.subjectId(), due.attempt(),
                        outcome, result.error());
            }
            return repository.record(due, started, duration, result.code(), result.error(), outcome, retryIn);
        }).onErrorResume(e -> {
            // Rendering or recording failed (the database went): the hold runs out and it is tried again.
            log.debug("Webhook {} attempt {} not recorded: {}", due.id(), due.attempt(), e.toString());
            return Mono.empty();
        });
    }

    /**
     * The event: the thing as its API shows it, under {@code data}, with the event's id, type and
     * time. Rendered at the first attempt and kept, so every retry sends the same bytes.
     */
    private Mono<String> body(WebhookRepository.Due due) {
        if (due.body() != null) {
            return Mono.just(due.body());
        }
        String kind = due.eventType().substring(0, due.eventType().indexOf('.'));
        return subjects.get(kind).representation(due.subjectId())
                .map(it -> (tools.jackson.databind.JsonNode) json.valueToTree(it))
                .defaultIfEmpty(json.createObjectNode().put("id", due.subjectId().toString()))
                .map(data -> {
                    ObjectNode event = json.createObjectNode();
                    event.put("id", due.eventId().toString());
                    event.put("type", due.eventType());
                    event.put("createdAt", due.eventCreatedAt().toString());
                    event.set("data", data);
                    return json.writeValueAsString(event);
                })
                .flatMap(body -> repository.keepBody(due.id(), body));
    }

    @Override
    public void stop() {
        for (Disposable current : new Disposable[] {polling, counting, purging}) {
            if (current != null) {
                current.dispose();
            }
        }
    }

    @Override
    public boolean isRunning() {
        Disposable current = polling;
        return current != null && !current.isDisposed();
    }
}
