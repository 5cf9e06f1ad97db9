package dev.darkroom.job;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job as clients see it, with the links a client follows next. {@code attempts} counts its
 * starts; {@code stalled} says it is running but its worker stopped renewing its lease (it died or
 * hangs), so it will be queued again or failed by the sweeper; {@code stage} is what it was doing.
 */
record JobView(
        UUID id,
        UUID imageId,
        String operation,
        JsonNode params,
        String status,
        int progress,
        String error,
        int attempts,
        String stage,
        boolean stalled,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        String resultContentType,
        Map<String, String> links) {

    static JobView of(Job job, JsonMapper json) {
        String self = "/api/jobs/" + job.id();
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", self);
        links.put("events", self + "/events");
        links.put("result", self + "/result");
        links.put("image", "/api/images/" + job.imageId());
        return new JobView(job.id(), job.imageId(), job.operation(), json.readTree(job.params()), job.status().name(),
                job.progress(), job.error(), job.attempts(), job.status() == JobStatus.running ? job.stage() : null,
                job.stalled(), job.createdAt(), job.startedAt(), job.finishedAt(),
                job.resultContentType(), links);
    }
}
