package dev.darkroom.job;

import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import dev.darkroom.image.UnreadableImageException;
import dev.darkroom.progress.ProgressBus;
import dev.darkroom.progress.ProgressEvent;
import dev.darkroom.progress.ProgressThrottle;
import dev.darkroom.storage.ObjectNotFoundException;
import reactor.core.publisher.Mono;

/**
 * Runs one job from its message (see {@link QueueConsumer} for the loop around it): start it,
 * run the pipeline, save the outcome and publish it. A failing image fails its job, never the
 * worker or the queue.
 */
@Component
class JobWorker {

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

    private final JobRepository jobs;
    private final JobPipeline pipeline;
    private final ProgressBus bus;
    private final JobProperties properties;
    private final Duration busInterval;
    private final MeterRegistry metrics;

    JobWorker(JobRepository jobs, JobPipeline pipeline, ProgressBus bus, JobProperties properties,
              dev.darkroom.progress.ProgressProperties progress, MeterRegistry metrics) {
        this.jobs = jobs;
        this.pipeline = pipeline;
        this.bus = bus;
        this.properties = properties;
        this.busInterval = progress.minInterval();
        this.metrics = metrics;
    }

    /** Empty when the job has already finished or does not exist. */
    Mono<Boolean> process(UUID id) {
        return jobs.start(id).flatMap(this::run);
    }

    private Mono<Boolean> run(Job job) {
        bus.publish(new ProgressEvent(job.id(), ProgressEvent.RUNNING, 0, null));
        ProgressThrottle progress = new ProgressThrottle(job.id(), bus, busInterval, properties.progressInterval(),
                percent -> jobs.progress(job.id(), percent).subscribe());
        Timer.Sample sample = Timer.start(metrics);
        return pipeline.run(job, progress)
                .flatMap(result -> jobs.succeed(job.id(), result.key(), result.contentType()))
                .doOnNext(saved -> {
                    sample.stop(timer(job.operation(), "succeeded"));
                    bus.publish(new ProgressEvent(job.id(), ProgressEvent.SUCCEEDED, 100, null));
                })
                .onErrorResume(e -> !Faults.isInfrastructure(e), e -> {
                    String reason = reason(e);
                    log.info("Job {} ({}) failed: {}", job.id(), job.operation(), reason);
                    sample.stop(timer(job.operation(), "failed"));
                    return jobs.fail(job.id(), reason)
                            .doOnNext(saved -> bus.publish(new ProgressEvent(job.id(), ProgressEvent.FAILED, job.progress(), reason)));
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

    private static String reason(Throwable e) {
        return switch (e) {
            case ObjectNotFoundException missing -> "the original image is missing from storage";
            case UnreadableImageException unreadable -> unreadable.getMessage();
            case JobPipeline.JobFailure failure -> failure.getMessage();
            default -> "processing failed: " + e;
        };
    }
}
