package dev.darkroom.batch;

import java.time.Duration;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import dev.darkroom.image.UnreadableImageException;
import dev.darkroom.messaging.Faults;
import dev.darkroom.messaging.Work;
import dev.darkroom.work.Run;
import dev.darkroom.work.Runs;
import dev.darkroom.work.WorkFailure;
import dev.darkroom.work.WorkStopped;
import dev.darkroom.progress.ProgressBus;
import dev.darkroom.progress.ProgressEvent;
import dev.darkroom.progress.ProgressProperties;
import dev.darkroom.storage.ObjectNotFoundException;
import reactor.core.publisher.Mono;

/**
 * Runs one batch from its message; the messaging consumer loop is around it, with the
 * concurrency limit as both prefetch and parallelism, so a batch is either running or still in
 * the broker's queue, where the next free slot of any instance takes it.
 */
@Component
class BatchWorker implements Work {

    private static final Logger log = LoggerFactory.getLogger(BatchWorker.class);

    private final BatchRepository batches;
    private final BatchRunner runner;
    private final ProgressBus bus;
    private final Runs runs;
    private final BatchProperties properties;
    private final Duration busInterval;

    BatchWorker(BatchRepository batches, BatchRunner runner, ProgressBus bus, Runs batchRuns, BatchProperties properties,
                ProgressProperties progress) {
        this.batches = batches;
        this.runner = runner;
        this.bus = bus;
        this.runs = batchRuns;
        this.properties = properties;
        this.busInterval = progress.minInterval();
    }

    /** Empty when the batch has ended, does not exist, or another worker holds it. */
    @Override
    public Mono<Boolean> process(UUID id, Attempt attempt) {
        return batches.start(id, attempt.redelivered()).flatMap(this::run);
    }

    @Override
    public Mono<String> giveUp(UUID id, int deliveries) {
        return batches.table().giveUp(id, deliveries).doOnNext(error -> {
            log.warn("Batch {} failed: {}", id, error);
            bus.publish(new ProgressEvent(id, ProgressEvent.FAILED, 0, error));
        });
    }

    @Override
    public Mono<Boolean> fail(UUID id, String reason) {
        return batches.fail(id, reason).doOnNext(failed -> {
            if (failed) {
                bus.publish(new ProgressEvent(id, ProgressEvent.FAILED, 0, reason));
            }
        });
    }

    private Mono<Boolean> run(Batch batch) {
        Run run = runs.start(batch.id(), "the batch", properties.deadline());
        bus.publish(BatchService.state(batch));
        BatchProgress progress = new BatchProgress(batch.id(), batch.attempts(), batch.images(), batch.filters().size(),
                bus, batches, busInterval, properties.progressInterval());
        long started = System.nanoTime();
        return runner.run(batch, run, progress)
                .as(run::within)
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
                .onErrorResume(e -> e instanceof WorkStopped stopped && stopped.why() == WorkStopped.Why.CANCELLED,
                        e -> {
                            log.info("Batch {} stopped: {}", batch.id(), e.getMessage());
                            return Mono.just(true);
                        })
                .onErrorResume(e -> !Faults.isInfrastructure(e), e -> {
                    String reason = reason(e);
                    log.info("Batch {} failed: {}", batch.id(), reason);
                    return batches.fail(batch.id(), reason).doOnNext(saved -> bus.publish(
                            new ProgressEvent(batch.id(), ProgressEvent.FAILED, batch.progress(), reason)));
                })
                .doFinally(signal -> runs.end(batch.id()))
                .thenReturn(true);
    }

    static String reason(Throwable e) {
        return switch (e) {
            case ObjectNotFoundException missing -> "an image of the batch is missing from storage";
            case UnreadableImageException unreadable -> unreadable.getMessage();
            case WorkFailure failure -> failure.getMessage();
            case WorkStopped stopped -> stopped.getMessage();
            default -> dev.darkroom.work.WorkFailure.unexpected(e);
        };
    }
}
