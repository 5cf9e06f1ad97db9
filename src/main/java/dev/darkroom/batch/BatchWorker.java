package dev.darkroom.batch;

import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import dev.darkroom.image.UnreadableImageException;
import dev.darkroom.job.JobQueue;
import dev.darkroom.progress.ProgressBus;
import dev.darkroom.progress.ProgressEvent;
import dev.darkroom.progress.ProgressProperties;
import dev.darkroom.storage.ObjectNotFoundException;
import dev.darkroom.storage.StorageException;
import dev.darkroom.system.InstanceProperties;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Consumes batch ids, {@code concurrency} at a time with as many prefetched, so a batch is either
 * running or still in the broker's queue, where the next free slot of any instance takes it.
 * Like the job worker, it acknowledges only after the outcome is saved: a crash means the batch
 * runs again, and a message for a finished batch is acknowledged and skipped.
 */
@Component
class BatchWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BatchWorker.class);

    private final BatchQueue queue;
    private final BatchRepository batches;
    private final BatchRunner runner;
    private final ProgressBus bus;
    private final BatchProperties properties;
    private final InstanceProperties instance;
    private final Duration busInterval;
    private final Counter skipped;
    private volatile Disposable consuming;

    BatchWorker(BatchQueue queue, BatchRepository batches, BatchRunner runner, ProgressBus bus,
                BatchProperties properties, InstanceProperties instance, ProgressProperties progress,
                MeterRegistry metrics) {
        this.queue = queue;
        this.batches = batches;
        this.runner = runner;
        this.bus = bus;
        this.properties = properties;
        this.instance = instance;
        this.busInterval = progress.minInterval();
        this.skipped = Counter.builder("darkroom.batches.skipped")
                .description("Batch messages acknowledged without running, because the batch had already finished")
                .register(metrics);
    }

    @Override
    public void start() {
        if (!instance.role().runsJobs()) {
            return;
        }
        int concurrency = properties.concurrency();
        consuming = queue.queue().deliveries(concurrency)
                .flatMap(this::handle, concurrency)
                .doOnError(e -> log.warn("Batch consumer interrupted, reconnecting: {}", e.toString()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500)).maxBackoff(Duration.ofSeconds(10)))
                .subscribe();
        log.info("Batch worker ready to run {} batches at a time", concurrency);
    }

    Mono<Void> handle(JobQueue.Delivery delivery) {
        UUID id = delivery.id();
        if (id == null) {
            log.warn("Dropping a batch message that names no batch");
            delivery.reject();
            return Mono.empty();
        }
        return batches.start(id)
                .flatMap(this::run)
                .switchIfEmpty(Mono.fromRunnable(() -> {
                    skipped.increment();
                    log.info("Batch {} has already finished (or does not exist); acknowledging {} message", id,
                            delivery.redelivered() ? "redelivered" : "duplicate");
                }))
                .then(Mono.fromRunnable(delivery::ack))
                .onErrorResume(e -> {
                    log.error("Could not record the outcome of batch {}; requeueing", id, e);
                    return Mono.delay(Duration.ofSeconds(1)).then(Mono.fromRunnable(delivery::requeue));
                })
                .then();
    }

    private Mono<Boolean> run(Batch batch) {
        bus.publish(new ProgressEvent(batch.id(), ProgressEvent.RUNNING, 0, null));
        BatchProgress progress = new BatchProgress(batch.id(), batch.images(), batch.filters().size(), bus, batches,
                busInterval, properties.progressInterval());
        long started = System.nanoTime();
        return runner.run(batch, progress)
                .flatMap(outcome -> {
                    boolean complete = outcome.errors().isEmpty();
                    String error = complete ? null : outcome.errors().size() + " of " + batch.expectedResults()
                            + " results could not be made";
                    return batches.finish(batch.id(), complete ? BatchStatus.succeeded : BatchStatus.failed,
                                    outcome.results(), outcome.errors(), error)
                            .doOnNext(saved -> {
                                log.info("Batch {} finished in {} ms: {} results, {} errors", batch.id(),
                                        (System.nanoTime() - started) / 1_000_000, outcome.results().size(),
                                        outcome.errors().size());
                                bus.publish(new ProgressEvent(batch.id(),
                                        complete ? ProgressEvent.SUCCEEDED : ProgressEvent.FAILED, 100, error));
                            });
                })
                .onErrorResume(e -> !isInfrastructureFault(e), e -> {
                    String reason = reason(e);
                    log.info("Batch {} failed: {}", batch.id(), reason);
                    return batches.fail(batch.id(), reason).doOnNext(saved -> bus.publish(
                            new ProgressEvent(batch.id(), ProgressEvent.FAILED, batch.progress(), reason)));
                })
                .thenReturn(true);
    }

    /**
     * A fault of the database, the store or the broker is retried by requeueing; anything else
     * fails the item or the batch, or it would loop forever.
     */
    static boolean isInfrastructureFault(Throwable e) {
        return e instanceof org.springframework.dao.DataAccessException || e instanceof io.r2dbc.spi.R2dbcException
                || e instanceof StorageException;
    }

    static String reason(Throwable e) {
        return switch (e) {
            case ObjectNotFoundException missing -> "an image of the batch is missing from storage";
            case UnreadableImageException unreadable -> unreadable.getMessage();
            default -> "processing failed: " + e;
        };
    }

    @Override
    public void stop() {
        if (consuming != null) {
            consuming.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return consuming != null && !consuming.isDisposed();
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE / 2;
    }
}
