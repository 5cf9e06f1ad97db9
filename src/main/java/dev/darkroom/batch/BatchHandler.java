package dev.darkroom.batch;

import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import dev.darkroom.progress.EventStreams;
import dev.darkroom.progress.ProgressProperties;
import dev.darkroom.security.Caller;
import dev.darkroom.web.RequestBodies;
import dev.darkroom.web.ApiException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The HTTP side of batches: reading the size-limited body, and shaping answers and streams.
 *
 * <p>The body is read here rather than by the JSON codec, so that this endpoint alone accepts
 * documents of {@code darkroom.batches.max-request-size} (images travel inside as base64) while
 * every other endpoint keeps the codec's small default.
 */
@Component
class BatchHandler {

    private static final int RESULT_READ_CONCURRENCY = 4;

    private final BatchService service;
    private final BatchProperties properties;
    private final ProgressProperties progress;

    BatchHandler(BatchService service, BatchProperties properties, ProgressProperties progress) {
        this.service = service;
        this.properties = properties;
        this.progress = progress;
    }

    Mono<ResponseEntity<BatchView.Accepted>> submit(ServerHttpRequest request) {
        long max = properties.maxRequestSize().toBytes();
        long declared = request.getHeaders().getContentLength();
        if (declared > max) {
            return Mono.error(tooLarge(declared));
        }
        return RequestBodies.bytes(request.getBody(), max)
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge(-1))
                .flatMap(document -> Caller.currentOwner().flatMap(owner -> service.submit(owner, document)))
                .map(batch -> ResponseEntity.status(HttpStatus.ACCEPTED)
                        .location(URI.create(BatchView.links(batch.id()).get("self")))
                        .body(new BatchView.Accepted(batch.id(), batch.status().name(), BatchView.links(batch.id()))));
    }

    private ApiException tooLarge(long size) {
        String actual = size > 0 ? " is " + BatchValidator.megabytes(size) + ";" : " is larger than";
        return BatchProblems.TOO_LARGE.because("The batch document" + actual + " this endpoint accepts at most "
                        + BatchValidator.megabytes(properties.maxRequestSize().toBytes())
                        + " (images included, as base64). Split the images over several batches")
                .with("maxBytes", properties.maxRequestSize().toBytes());
    }

    Mono<BatchView> get(UUID id) {
        return Caller.currentOwner().flatMap(owner -> service.find(owner, id)).flatMap(batch -> switch (batch.status()) {
            case queued -> service.queuePosition(id).map(position -> view(batch, position, null));
            case running -> Mono.just(view(batch, null, null));
            case succeeded, failed, cancelled -> results(batch).map(results -> view(batch, null, results));
        });
    }

    private Mono<List<BatchView.Result>> results(Batch batch) {
        return Flux.fromIterable(batch.results())
                .flatMapSequential(result -> service.result(result).map(png -> {
                    Batch.Filter filter = batch.filters().get(result.filter());
                    return new BatchView.Result(batch.images().get(result.image()).name(), filter.name(), filter.params(),
                            result.image(), result.filter(), Base64.getEncoder().encodeToString(png));
                }), RESULT_READ_CONCURRENCY)
                .collectList();
    }

    private BatchView view(Batch batch, Long queuePosition, List<BatchView.Result> results) {
        List<BatchView.ItemError> errors = batch.errors().stream().map(error -> new BatchView.ItemError(
                batch.images().get(error.image()).name(), batch.filters().get(error.filter()).name(),
                error.image(), error.filter(), error.detail())).toList();
        return new BatchView(batch.id(), batch.status().name(), batch.progress(), queuePosition,
                message(batch, queuePosition), batch.images().size(), batch.filters().size(), batch.expectedResults(),
                batch.completed(), batch.failed(), batch.error(),
                batch.status().terminal() ? errors : null, results,
                batch.createdAt(), batch.startedAt(), batch.finishedAt(), BatchView.links(batch.id()));
    }

    private String message(Batch batch, Long queuePosition) {
        int expected = batch.expectedResults();
        return switch (batch.status()) {
            case queued -> "Waiting to start: position " + queuePosition + " in the queue"
                    + (queuePosition <= 1 ? ", next to start" : " (" + (queuePosition - 1) + " ahead)")
                    + "; " + (properties.effectiveConcurrency() == 1 ? "one batch runs" : "at most " + properties.effectiveConcurrency()
                    + " batches run") + " at once";
            case running -> "Running: " + batch.completed() + " of " + expected + " results made"
                    + (batch.failed() > 0 ? ", " + batch.failed() + " failed" : "");
            case succeeded -> "Done: all " + expected + " results are in results";
            case cancelled -> "Cancelled" + (batch.results().isEmpty() ? "" : "; the " + batch.results().size()
                    + " results made before are in results");
            case failed -> batch.errors().isEmpty()
                    ? "Failed: " + batch.error()
                    : "Failed: " + batch.errors().size() + " of " + expected + " results could not be made (see errors)"
                            + (batch.results().isEmpty() ? "" : "; the other " + batch.results().size() + " are in results");
        };
    }

    Mono<BatchView> cancel(UUID id) {
        return Caller.currentOwner().flatMap(owner -> service.cancel(owner, id)).then(get(id));
    }

    /** Named by status, as job events are; the stream ends after the terminal event. */
    Flux<ServerSentEvent<BatchEvent>> events(UUID id) {
        Flux<ServerSentEvent<BatchEvent>> events = Caller.currentOwner().flatMapMany(owner -> service.follow(owner, id))
                .map(event -> ServerSentEvent.builder(BatchEvent.of(event)).event(event.status()).build());
        return EventStreams.withHeartbeat(events, progress.heartbeat());
    }
}
