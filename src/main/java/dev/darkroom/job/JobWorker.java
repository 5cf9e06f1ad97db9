package dev.darkroom.job;

import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import dev.darkroom.image.UnreadableImageException;
import dev.darkroom.messaging.Faults;
import dev.darkroom.messaging.Work;
import dev.darkroom.progress.ProgressBus;
import dev.darkroom.progress.ProgressEvent;
import dev.darkroom.progress.ProgressProperties;
import dev.darkroom.progress.ProgressThrottle;
import dev.darkroom.progress.Stage;
import dev.darkroom.storage.ObjectNotFoundException;
import dev.darkroom.work.Run;
import dev.darkroom.work.Runs;
import dev.darkroom.work.WorkFailure;
import dev.darkroom.work.WorkStopped;
import reactor.core.publisher.Mono;

/**
 * Runs one job from its message: claim it, run the pipeline, save the outcome and publish it.
 * A failing image fails its job, never the worker or the queue; a job past its deadline fails
 * saying so; a cancelled one stops at its next progress check.
 */
@Component
class JobWorker implements Work {

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

    private final JobRepository jobs;
    private final JobPipeline pipeline;
    private final ProgressBus bus;
    private final Runs runs;
    private final JobProperties properties;
    private final Duration busInterval;
    private final MeterRegistry metrics;

    JobWorker(JobRepository jobs, JobPipeline pipeline, ProgressBus bus, Runs jobRuns, JobProperties properties,
              ProgressProperties progress, MeterRegistry metrics) {
        this.jobs = jobs;
        this.pipeline = pipeline;
        this.bus = bus;
        this.runs = jobRuns;
        this.properties = properties;
        this.busInterval = progress.minInterval();
        this.metrics = metrics;
    }

    /** Empty when the job has ended, does not exist, or another worker holds it. */
    @Override
    public Mono<Boolean> process(UUID id, Attempt attempt) {
        return jobs.start(id, attempt.redelivered()).flatMap(this::run);
    }

    private Mono<Boolean> run(Job job) {
        Run run = runs.start(job.id(), "the " + job.operation() + " job", properties.deadline(job.operation()), job.priority());
        bus.publish(JobEvents.of(job, ProgressEvent.RUNNING, 0, null).at(Stage.DOWNLOADING, null));
        ProgressThrottle progress = new ProgressThrottle(job.id(), job.attempts(), bus, busInterval,
                properties.progressInterval(), percent -> jobs.progress(job.id(), percent, runs.stage(job.id()))
                .subscribe(done -> { }, e -> log.debug("Progress of job {} not saved: {}", job.id(), e.toString())));
        Timer.Sample sample = Timer.start(metrics);
        return pipeline.run(job, run, progress, stage -> runs.stage(job.id(), stage))
                .flatMap(result -> jobs.succeed(job.id(), result.key(), result.contentType(), result.variants()))
                .doOnNext(saved -> {
                    sample.stop(timer(job.operation(), "succeeded"));
                    if (saved) {
                        bus.publish(JobEvents.of(job, ProgressEvent.SUCCEEDED, 100, null));
                    }
                })
                .onErrorResume(e -> e instanceof WorkStopped stopped && stopped.why() == WorkStopped.Why.CANCELLED,
                        e -> {
                            // Its row already says why; only this run had to end.
                            log.info("Job {} ({}) stopped: {}", job.id(), job.operation(), e.getMessage());
                            sample.stop(timer(job.operation(), "cancelled"));
                            return Mono.just(true);
                        })
                .onErrorResume(e -> !Faults.isInfrastructure(e), e -> {
                    String reason = reason(e);
                    log.info("Job {} ({}) failed: {}", job.id(), job.operation(), reason);
                    sample.stop(timer(job.operation(), "failed"));
                    return jobs.fail(job.id(), reason, retryable(e))
                            .doOnNext(saved -> bus.publish(JobEvents.of(job, ProgressEvent.FAILED, job.progress(), reason)));
                })
                .doFinally(signal -> runs.end(job.id()))
                .thenReturn(true);
    }

    @Override
    public Mono<String> giveUp(UUID id, int deliveries) {
        return jobs.table().giveUp(id, deliveries)
                .doOnNext(error -> {
                    log.warn("Job {} failed: {}", id, error);
                    bus.publish(new ProgressEvent(id, ProgressEvent.FAILED, 0, error));
                });
    }

    @Override
    public Mono<Boolean> fail(UUID id, String reason) {
        return jobs.fail(id, reason, true).doOnNext(failed -> {
            if (failed) {
                bus.publish(new ProgressEvent(id, ProgressEvent.FAILED, 0, reason));
            }
        });
    }

    private Timer timer(String operation, String outcome) {
        return Timer.builder("darkroom.conversion")
                .description("Time to run one job: load, decode, operate, encode, store")
                .tag("operation", operation)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(metrics);
    }

    /**
     * Whether the same job could succeed if run again: not for a file that cannot be decoded, a
     * missing original or an image too large for any worker; yes past a deadline (a less busy
     * worker), and for anything that broke unexpectedly.
     */
    private static boolean retryable(Throwable e) {
        return switch (e) {
            case UnreadableImageException unreadable -> false;
            case ObjectNotFoundException missing -> false;
            case WorkFailure failure -> failure.retryable();
            default -> true;
        };
    }

    private static String reason(Throwable e) {
        return switch (e) {
            case ObjectNotFoundException missing -> "the original image is missing from storage";
            case UnreadableImageException unreadable -> unreadable.getMessage();
            case WorkFailure failure -> failure.getMessage();
            case WorkStopped stopped -> stopped.getMessage();
            default -> dev.darkroom.work.WorkFailure.unexpected(e);
        };
    }
}
