package dev.darkroom.batch;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import dev.darkroom.webhook.Webhooks;
import dev.darkroom.messaging.Outbox;
import dev.darkroom.progress.JobStates;
import dev.darkroom.progress.ProgressBus;
import org.springframework.transaction.reactive.TransactionalOperator;
import dev.darkroom.progress.ProgressEvent;
import dev.darkroom.progress.ProgressFollower;
import dev.darkroom.storage.ImageStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts batches and reports on them. A batch is checked whole before anything is stored; its
 * images then go to object storage, its row to the database, and its id to the queue, in that
 * order, so a worker never sees a batch whose inputs are not there yet.
 */
@Service
class BatchService {

    private static final int STORE_CONCURRENCY = 4;

    private final BatchValidator validator;
    private final BatchRepository batches;
    private final ImageStore store;
    private final BatchQueue queue;
    private final ProgressFollower follower;
    private final ProgressBus bus;
    private final Outbox outbox;
    private final TransactionalOperator transaction;
    private final Scheduler conversions;
    private final JsonMapper json;
    private final Webhooks webhooks;

    BatchService(BatchValidator validator, BatchRepository batches, ImageStore store, BatchQueue queue,
                 ProgressFollower follower, ProgressBus bus, Outbox outbox, TransactionalOperator transaction,
                 Scheduler conversionScheduler, JsonMapper json, Webhooks webhooks) {
        this.webhooks = webhooks;
        this.validator = validator;
        this.batches = batches;
        this.store = store;
        this.queue = queue;
        this.follower = follower;
        this.bus = bus;
        this.outbox = outbox;
        this.transaction = transaction;
        this.conversions = conversionScheduler;
        this.json = json;
    }

    /** @param document the request body, already within the size limit */
    /** A stored batch, and the callback its request named, with its secret (shown this once). */
    record Accepted(Batch batch, Webhooks.@Nullable Callback callback) { }

    Mono<Accepted> submit(UUID owner, byte[] document) {
        return Mono.fromCallable(() -> validator.validate(parse(document)))
                .subscribeOn(conversions)
                .flatMap(valid -> webhooks.checkAddress(valid.callback(), "/callback/url").then(store(owner, valid)));
    }

    private JsonNode parse(byte[] document) {
        try {
            return json.readTree(document);
        } catch (JacksonException e) {
            String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw BatchProblems.MALFORMED.because("The body is not valid JSON" + where + ": "
                    + message.lines().findFirst().orElse("") + ". Send {\"images\": [{\"name\", \"data\"}], "
                    + "\"filters\": [{\"name\", \"params\"}]}");
        }
    }

    private Mono<Accepted> store(UUID owner, BatchValidator.Document document) {
        UUID id = UUID.randomUUID();
        List<BatchValidator.Upload> uploads = document.images();
        List<Batch.Input> inputs = IntStream.range(0, uploads.size()).mapToObj(i -> {
            BatchValidator.Upload upload = uploads.get(i);
            return new Batch.Input(upload.name(), "batches/" + id + "/images/" + i, upload.header().format().name(),
                    upload.header().width(), upload.header().height(), upload.bytes().length);
        }).toList();
        return Flux.range(0, uploads.size())
                .flatMap(i -> store.put(inputs.get(i).key(), uploads.get(i).bytes(),
                        uploads.get(i).header().format().mediaType()), STORE_CONCURRENCY)
                .then((document.callback() == null ? Mono.<Webhooks.Callback>empty()
                        : webhooks.registerCallback(owner, document.callback()))
                        .map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                        .flatMap(callback -> batches.insert(owner, id, inputs, document.filters(),
                                        callback.map(Webhooks.Callback::id).orElse(null))
                                .flatMap(batch -> outbox.enqueue(queue.queue(), List.of(id))
                                        .thenReturn(new Accepted(batch, callback.orElse(null)))))
                        .as(transaction::transactional));
    }

    /** A queued batch never runs; a running one stops at its next step. A 409 once it has ended. */
    Mono<Void> cancel(UUID owner, UUID id) {
        return find(owner, id).flatMap(batch -> batches.table().cancel(id, "cancelled by request")
                .flatMap(cancelled -> {
                    if (!cancelled) {
                        return batches.find(id).flatMap(now -> Mono.error(BatchProblems.NOT_CANCELLABLE.because("Batch "
                                + id + " has already ended: it " + now.status() + "; only queued or running batches "
                                + "can be cancelled").with("batchStatus", now.status().name())));
                    }
                    bus.publish(new ProgressEvent(id, ProgressEvent.CANCELLED, batch.progress(), "cancelled by request"));
                    return Mono.<Void>empty();
                }));
    }

    /** The owner's batch; a 404 problem for another owner's, as for one that does not exist. */
    Mono<Batch> find(UUID owner, UUID id) {
        return batches.find(owner, id).switchIfEmpty(Mono.error(() -> BatchProblems.notFound(id)));
    }

    /** 1 for the next batch to start; only meaningful while the batch is queued. */
    Mono<Long> queuePosition(UUID id) {
        return batches.queuePosition(id);
    }

    Mono<byte[]> result(Batch.Result result) {
        return store.readAllBytes(result.key());
    }

    /** The batch's progress events, ending after the terminal one; a 404 problem if there is no such batch. */
    Flux<ProgressEvent> follow(UUID owner, UUID id) {
        JobStates stored = batchId -> batches.find(batchId).map(BatchService::state);
        return batches.find(owner, id).map(BatchService::state)
                .switchIfEmpty(Mono.error(() -> BatchProblems.notFound(id)))
                .flatMapMany(exists -> follower.follow(id, stored));
    }

    static ProgressEvent state(Batch batch) {
        int attempt = batch.status() == BatchStatus.queued ? batch.attempts() + 1 : Math.max(1, batch.attempts());
        return new ProgressEvent(batch.id(), batch.status().name(), batch.progress(), batch.error(), attempt);
    }
}
