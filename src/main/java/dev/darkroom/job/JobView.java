package dev.darkroom.job;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job as clients see it, with the links a client follows next. {@code imageName} is what a person
 * calls the image (its file name, or the URL it was registered by), so a list of jobs can say what
 * each ran on without a request per job; null if the image has neither. {@code attempts} counts its
 * starts; {@code stalled} says it is running but its worker stopped renewing its lease (it died or
 * hangs), so it will be queued again or failed by the sweeper; {@code stage} is what it is doing;
 * {@code retryable} says whether running it again (POST retry) could end otherwise: true for a
 * cancelled job and for failures of the moment (a deadline, a vanished worker), false for a
 * damaged file or an image too large for any worker. {@code reused} says the job did not run: an
 * earlier job of the owner ({@code reusedFrom}, linked as {@code original}) had made the same result
 * from the same bytes, operation and parameters; {@code resultContentType} of a format-auto job is
 * its fallback, and {@code resultVariants} lists the other types a client may ask for by Accept; {@code priority} is {@code high} for work
 * someone waits for, which runs ahead of {@code normal} (bulk) work.
 */
@io.swagger.v3.oas.annotations.media.Schema(name = "Job")
record JobView(
        UUID id,
        UUID imageId,
        @Nullable String imageName,
        String operation,
        JsonNode params,
        String status,
        int progress,
        @Nullable String error,
        int attempts,
        @Nullable String stage,
        boolean stalled,
        boolean retryable,
        Instant createdAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        @Nullable String resultContentType,
        java.util.List<String> resultVariants,
        boolean reused,
        @Nullable UUID reusedFrom,
        String priority,
        Map<String, String> links) {

    static JobView of(Job job, String imageName, JsonMapper json) {
        String self = "/api/jobs/" + job.id();
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", self);
        links.put("events", self + "/events");
        links.put("result", self + "/result");
        links.put("image", "/api/images/" + job.imageId());
        links.put("thumbnail", "/api/images/" + job.imageId() + "/thumbnail");
        if (job.reusedFrom() != null) {
            links.put("original", "/api/jobs/" + job.reusedFrom());
        }
        return new JobView(job.id(), job.imageId(), imageName, job.operation(), json.readTree(job.params()), job.status().name(),
                job.progress(), job.error(), job.attempts(), job.status() == JobStatus.running ? job.stage() : null,
                job.stalled(), job.status() == JobStatus.cancelled || job.status() == JobStatus.failed && job.retryable(),
                job.createdAt(), job.startedAt(), job.finishedAt(),
                job.resultContentType(), java.util.List.copyOf(job.resultVariants().keySet()), job.reusedFrom() != null,
                job.reusedFrom(), job.priority().name(), links);
    }
}
