package dev.darkroom.status;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import dev.darkroom.image.ImageRepository;
import dev.darkroom.messaging.WorkQueue;
import dev.darkroom.job.JobService;
import dev.darkroom.job.JobStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** How the service is doing, as counts: what /status shows and what the gauges export. */
@Service
public class StatusService {

    private final ImageRepository images;
    private final JobService jobs;
    private final WorkQueue jobQueue;
    private final WorkQueue photoQueue;

    StatusService(ImageRepository images, JobService jobs, @Qualifier("jobQueue") WorkQueue jobQueue,
                  @Qualifier("photoQueue") WorkQueue photoQueue) {
        this.images = images;
        this.jobs = jobs;
        this.jobQueue = jobQueue;
        this.photoQueue = photoQueue;
    }

    public record Status(long errors, long uploadedCount, Map<String, Long> jobs, Map<String, Long> queueDepth,
                         long jobsInFlight, long failedPhotos) { }

    /** The whole instance's counts: what the gauges export. */
    public Mono<Status> status() {
        return status(null);
    }

    /**
     * One owner's counts (all owners' when {@code owner} is null). The queues are shared, so their
     * depths are the instance's: how long the line is that the owner's work waits in.
     */
    public Mono<Status> status(UUID owner) {
        Mono<Map<String, Long>> byStatus = Flux.fromArray(JobStatus.values())
                .flatMap(status -> jobs.count(owner, status).map(n -> Map.entry(status.name(), n)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, TreeMap::new);
        Mono<Map<String, Long>> depths = Mono.zip(jobQueue.depth().onErrorReturn(-1L), photoQueue.depth().onErrorReturn(-1L))
                .map(both -> Map.of("jobs", both.getT1(), "photos", both.getT2()));
        return Mono.zip(byStatus, depths, images.count(owner), images.countFailed(owner))
                .map(all -> {
                    long failedJobs = all.getT1().getOrDefault("failed", 0L);
                    return new Status(failedJobs + all.getT4(), all.getT3(), all.getT1(), all.getT2(),
                            all.getT1().getOrDefault("running", 0L), all.getT4());
                });
    }
}
