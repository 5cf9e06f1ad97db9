package dev.darkroom.job;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;
import dev.darkroom.webhook.WebhookSubject;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** A job's events carry the job as GET /api/jobs/{id} shows it. */
@Component
class JobWebhookSubject implements WebhookSubject {

    private final JobRepository jobs;
    private final JobService service;
    private final JsonMapper json;

    JobWebhookSubject(JobRepository jobs, JobService service, JsonMapper json) {
        this.jobs = jobs;
        this.service = service;
        this.json = json;
    }

    @Override
    public String kind() {
        return "job";
    }

    @Override
    public Mono<Object> representation(UUID id) {
        return jobs.find(id).flatMap(job -> service.imageNames(List.of(job.imageId()))
                .map(names -> JobView.of(job, names.get(job.imageId()), json)));
    }
}
