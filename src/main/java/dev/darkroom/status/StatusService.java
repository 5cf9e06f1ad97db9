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
    /** The work queues whose depths are shown, by the name /status and the gauges give them. */
    private final Map<String, WorkQueue> queues;

    StatusService(ImageRepository images, JobService jobs, @Qualifier("jobQueue") WorkQueue jobQueue,
                  @Qualifier("interactiveJobQueue") WorkQueue interactiveJobQueue,
                  @Qualifier("photoQueue") WorkQueue photoQueue, @Qualifier("downloadQueue") WorkQueue downloadQueue) {
        this.images = images;
        this.jobs = jobs;
        Map<String, WorkQueue> named = new java.util.LinkedHashMap<>();
        named.put("jobs", jobQueue);
        named.put("interactive_jobs", interactiveJobQueue);
        named.put("photos", photoQueue);
        named.put("downloads", downloadQueue);
        this.queues = java.util.Collections.unmodifiableMap(named);
    }

    /** The names of the queues in {@link Status#queueDepth()}. */
    public java.util.Set<String> queueNames() {
        return queues.keySet();
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
        // -1 for a queue the broker cannot be asked about just now.
        Mono<Map<String, Long>> depths = Flux.fromIterable(queues.entrySet())
                .flatMapSequential(queue -> queue.getValue().depth().onErrorReturn(-1L).map(depth -> Map.entry(queue.getKey(), depth)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, java.util.LinkedHashMap::new);
        return Mono.zip(byStatus, depths, images.count(owner), images.countFailed(owner))
                .map(all -> {
                    long failedJobs = all.getT1().getOrDefault("failed", 0L);
                    return new Status(failedJobs + all.getT4(), all.getT3(), all.getT1(), all.getT2(),
                            all.getT1().getOrDefault("running", 0L), all.getT4());
                });
    }
}
