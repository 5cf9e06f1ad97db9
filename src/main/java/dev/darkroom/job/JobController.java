package dev.darkroom.job;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import dev.darkroom.operation.Operations;
import dev.darkroom.storage.ImageStore;
import dev.darkroom.web.ProblemType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

@RestController
class JobController {

    private final JobService service;
    private final ImageStore store;
    private final JsonMapper json;

    JobController(JobService service, ImageStore store, JsonMapper json) {
        this.service = service;
        this.store = store;
        this.json = json;
    }

    record Jobs(List<JobView> jobs) { }

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202", description = "Queued, one job per image")
    @PostMapping(path = "/api/jobs", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Jobs>> submit(@RequestBody JobService.Request request) {
        return accepted(service.submit(request));
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202", description = "A new job with the same image, operation and parameters")
    @PostMapping("/api/jobs/{id}/retry")
    Mono<ResponseEntity<Jobs>> retry(@PathVariable UUID id) {
        return accepted(service.retry(id));
    }

    private Mono<ResponseEntity<Jobs>> accepted(Flux<Job> jobs) {
        return jobs.map(job -> JobView.of(job, json)).collectList()
                .map(views -> ResponseEntity.status(HttpStatus.ACCEPTED).body(new Jobs(views)));
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "Cancelled: a queued job never runs, a running one stops at its next progress check")
    @PostMapping("/api/jobs/{id}/cancel")
    Mono<JobView> cancel(@PathVariable UUID id) {
        return service.cancel(id).map(job -> JobView.of(job, json));
    }

    @GetMapping("/api/jobs")
    Mono<Jobs> recent(@RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 500) {
            throw ProblemType.INVALID_PARAMETERS.because("limit must be between 1 and 500, got " + limit);
        }
        return service.recent(limit).map(job -> JobView.of(job, json)).collectList().map(Jobs::new);
    }

    @GetMapping("/api/jobs/{id}")
    Mono<JobView> get(@PathVariable UUID id) {
        return service.find(id).map(job -> JobView.of(job, json));
    }

    @GetMapping("/api/jobs/{id}/result")
    Mono<ResponseEntity<Flux<DataBuffer>>> result(@PathVariable UUID id) {
        return service.find(id).map(job -> {
            if (job.status() != JobStatus.succeeded) {
                throw JobProblems.NOT_READY.because(switch (job.status()) {
                    case failed -> "Job " + id + " failed: " + job.error() + ". POST /api/jobs/" + id + "/retry runs it again";
                    case cancelled -> "Job " + id + " was cancelled. POST /api/jobs/" + id + "/retry runs it again";
                    default -> "Job " + id + " is " + job.status() + " (" + job.progress() + "%); follow "
                            + "/api/jobs/" + id + "/events or poll /api/jobs/" + id + " until it has succeeded";
                }).with("jobStatus", job.status().name());
            }
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType(job.resultContentType()))
                    .header("Cache-Control", "private, max-age=31536000, immutable")
                    .body(store.read(job.resultKey()));
        });
    }

    @GetMapping("/api/operations")
    Map<String, List<String>> operations() {
        return Map.of("operations", Operations.names());
    }
}
