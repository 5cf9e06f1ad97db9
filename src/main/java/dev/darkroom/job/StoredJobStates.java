package dev.darkroom.job;

import java.util.UUID;

import org.springframework.stereotype.Component;
import dev.darkroom.progress.JobStates;
import dev.darkroom.progress.ProgressEvent;
import dev.darkroom.progress.Stage;
import reactor.core.publisher.Mono;

@Component
class StoredJobStates implements JobStates {

    private final JobRepository jobs;

    StoredJobStates(JobRepository jobs) {
        this.jobs = jobs;
    }

    @Override
    public Mono<ProgressEvent> current(UUID jobId) {
        return jobs.find(jobId).flatMap(job -> job.status() == JobStatus.queued
                ? jobs.position(job).map(position -> JobEvents.stored(job).at(Stage.QUEUED, position))
                : Mono.just(JobEvents.stored(job)));
    }
}
