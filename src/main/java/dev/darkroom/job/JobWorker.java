package dev.darkroom.job;

import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import dev.darkroom.image.UnreadableImageException;
import dev.darkroom.progress.ProgressBus;
import dev.darkroom.progress.ProgressEvent;
import dev.darkroom.storage.ObjectNotFoundException;
import dev.darkroom.system.ConversionProperties;
import dev.darkroom.system.InstanceProperties;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Consumes job messages: start the job, run the pipeline, save the outcome, publish it, and only
 * then acknowledge. A crash before the acknowledgement means the broker redelivers and the job
 * runs again; a message for a finished job is acknowledged and skipped. A failing image fails its
 * job, never the worker or the queue.
 */
@Component
class JobWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

    private final JobQueue queue;
    private final JobRepository jobs;
    private final JobPipeline pipeline;
    private final ProgressBus bus;
    private final JobProperties properties;
    private final InstanceProperties instance;
    private final int concurrency;
    private final Duration busInterval;
    private final MeterRegistry metrics;
    private final Counter skipped;
    private volatile Disposable consuming;

    JobWorker(JobQueue jobQueue, JobRepository jobs, JobPipeline pipeline, ProgressBus bus, JobProperties properties,
              InstanceProperties instance, ConversionProperties conversion,
              dev.darkroom.progress.ProgressProperties progress, MeterRegistry metrics) {
        this.queue = jobQueue;
        this.jobs = jobs;
        this.pipeline = pipeline;
        this.bus = bus;
        this.properties = properties;
        this.instance = instance;
        this.concurrency = properties.concurrency() > 0 ? properties.concurrency() : conversion.effectiveThreads();
        this.busInterval = progress.minInterval();
        this.metrics = metrics;
        this.skipped = Counter.builder("darkroom.jobs.skipped")
                .description("Job messages acknowledged without running, because the job had already finished")
                .register(metrics);
    }

    @Override
    public void start() {
        if (!instance.role().runsJobs()) {
            return;
        }
        int prefetch = properties.prefetch() > 0 ? properties.prefetch() : 2 * concurrency;
        consuming = queue.deliveries(prefetch)
                .flatMap(this::handle, concurrency)
                .doOnError(e -> log.warn("Job consumer interrupted, reconnecting: {}", e.toString()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500)).maxBackoff(Duration.ofSeconds(10)))
                .subscribe();
        log.info("Worker consuming {} jobs at a time (prefetch {})", concurrency, prefetch);
    }

    Mono<Void> handle(JobQueue.Delivery delivery) {
        UUID id = delivery.id();
        if (id == null) {
            log.warn("Dropping a job message that names no job");
            delivery.reject();
            return Mono.empty();
        }
        return jobs.start(id)
                .flatMap(this::run)
                .switchIfEmpty(Mono.fromRunnable(() -> {
                    skipped.increment();
                    log.info("Job {} has already finished (or does not exist); acknowledging {} message", id,
                            delivery.redelivered() ? "redelivered" : "duplicate");
                }))
                .then(Mono.fromRunnable(delivery::ack))
                .onErrorResume(e -> {
                    // The outcome could not be saved (database or broker down): let another attempt do it.
                    log.error("Could not record the outcome of job {}; requeueing", id, e);
                    return Mono.delay(Duration.ofSeconds(1)).then(Mono.fromRunnable(delivery::requeue));
                })
                .then();
    }

    private Mono<Boolean> run(Job job) {
        bus.publish(new ProgressEvent(job.id(), ProgressEvent.RUNNING, 0, null));
        JobProgress progress = new JobProgress(job.id(), bus, jobs, busInterval, properties.progressInterval());
        Timer.Sample sample = Timer.start(metrics);
        return pipeline.run(job, progress)
                .flatMap(result -> jobs.succeed(job.id(), result.key(), result.contentType()))
                .doOnNext(saved -> {
                    sample.stop(timer(job.operation(), "succeeded"));
                    bus.publish(new ProgressEvent(job.id(), ProgressEvent.SUCCEEDED, 100, null));
                })
                .onErrorResume(e -> !isInfrastructureFault(e), e -> {
                    String reason = reason(e);
                    log.info("Job {} ({}) failed: {}", job.id(), job.operation(), reason);
                    sample.stop(timer(job.operation(), "failed"));
                    return jobs.fail(job.id(), reason)
                            .doOnNext(saved -> bus.publish(new ProgressEvent(job.id(), ProgressEvent.FAILED, progressOf(job), reason)));
                })
                .thenReturn(true);
    }

    private Timer timer(String operation, String outcome) {
        return Timer.builder("darkroom.conversion")
                .description("Time to run one job: load, decode, operate, encode, store")
                .tag("operation", operation)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(metrics);
    }

    private static int progressOf(Job job) {
        return job.progress();
    }

    /**
     * A fault of the database, the store or the broker is retried by requeueing; anything else
     * (the image, its size, a bug in one operation) fails this job alone, or it would loop forever.
     */
    private static boolean isInfrastructureFault(Throwable e) {
        return e instanceof org.springframework.dao.DataAccessException || e instanceof io.r2dbc.spi.R2dbcException
                || e instanceof dev.darkroom.storage.StorageException;
    }

    private static String reason(Throwable e) {
        return switch (e) {
            case ObjectNotFoundException missing -> "the original image is missing from storage";
            case UnreadableImageException unreadable -> unreadable.getMessage();
            case JobPipeline.JobFailure failure -> failure.getMessage();
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
