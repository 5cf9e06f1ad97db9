package dev.darkroom.batch;

import java.time.Duration;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import dev.darkroom.image.UnreadableImageException;
import dev.darkroom.job.Faults;
import dev.darkroom.progress.ProgressBus;
import dev.darkroom.progress.ProgressEvent;
import dev.darkroom.progress.ProgressProperties;
import dev.darkroom.storage.ObjectNotFoundException;
import reactor.core.publisher.Mono;

/**
 * Runs one batch from its message; {@code QueueConsumer} is the loop around it, with the
 * concurrency limit as both prefetch and parallelism, so a batch is either running or still in
 * the broker's queue, where the next free slot of any instance takes it.
 */
@Component
class BatchWorker {

    private static final Logger log = LoggerFactory.getLogger(BatchWorker.class);

    private final BatchRepository batches;
    private final BatchRunner runner;
    private final ProgressBus bus;
    private final BatchProperties properties;
    private final Duration busInterval;

    BatchWorker(BatchRepository batches, BatchRunner runner, ProgressBus bus, BatchProperties properties,
                ProgressProperties progress) {
        this.batches = batches;
        this.runner = runner;
        this.bus = bus;
        this.properties = properties;
        this.busInterval = progress.minInterval();
    }

    /** Empty when the batch has already finished or does not exist. */
    Mono<Boolean> process(UUID id) {
        return batches.start(id).flatMap(this::run);
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
                .onErrorResume(e -> !Faults.isInfrastructure(e), e -> {
                    String reason = reason(e);
                    log.info("Batch {} failed: {}", batch.id(), reason);
                    return batches.fail(batch.id(), reason).doOnNext(saved -> bus.publish(
                            new ProgressEvent(batch.id(), ProgressEvent.FAILED, batch.progress(), reason)));
                })
                .thenReturn(true);
    }

    static String reason(Throwable e) {
        return switch (e) {
            case ObjectNotFoundException missing -> "an image of the batch is missing from storage";
            case UnreadableImageException unreadable -> unreadable.getMessage();
            default -> "processing failed: " + e;
        };
    }
}
