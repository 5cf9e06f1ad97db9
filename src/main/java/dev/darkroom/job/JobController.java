package dev.darkroom.job;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.jspecify.annotations.Nullable;
import dev.darkroom.operation.Operations;
import dev.darkroom.security.Caller;
import dev.darkroom.storage.ImageStore;
import dev.darkroom.web.ProblemType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RestController
@Tag(name = "Jobs")
class JobController {

    static final String WEBP = "image/webp";

    private final JobService service;
    private final ImageStore store;
    private final JsonMapper json;

    JobController(JobService service, ImageStore store, JsonMapper json) {
        this.service = service;
        this.store = store;
        this.json = json;
    }

    @Schema(name = "JobList")
    record Jobs(List<JobView> jobs) { }

    /** The answer to a submission: the jobs, and the callback the request named, with its secret. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    @Schema(name = "JobsAccepted")
    record Accepted(List<JobView> jobs, dev.darkroom.webhook.Webhooks.@org.jspecify.annotations.Nullable Callback callback) { }

    @Operation(operationId = "submitJobs", summary = "Run an operation on images: one job per image",
            description = "Everything is checked before anything is stored: a bad parameter is a 400 naming it. "
                    + "GET /api/operations gives each operation's parameters as JSON Schema.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(schema = @Schema(ref = "#/components/schemas/JobRequest"))))
    @ApiResponse(responseCode = "202", description = "Queued, one job per image; with the callback and its secret if the request named one")
    @PostMapping(path = "/api/jobs", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Accepted>> submit(@RequestBody JsonNode request) {
        return Caller.currentOwner().flatMap(owner -> service.submit(owner, JobService.Request.of(request)))
                .flatMap(accepted -> views(Flux.fromIterable(accepted.jobs()))
                        .map(views -> ResponseEntity.status(HttpStatus.ACCEPTED).body(new Accepted(views, accepted.callback()))));
    }

    @Operation(operationId = "retryJob", summary = "Run a job again: a new job with the same image, operation, parameters and callback")
    @ApiResponse(responseCode = "202", description = "The new job")
    @PostMapping(path = "/api/jobs/{id}/retry", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Jobs>> retry(@PathVariable UUID id) {
        return accepted(Caller.currentOwner().flatMapMany(owner -> service.retry(owner, id)));
    }

    private Mono<ResponseEntity<Jobs>> accepted(Flux<Job> jobs) {
        return views(jobs).map(views -> ResponseEntity.status(HttpStatus.ACCEPTED).body(new Jobs(views)));
    }

    @Operation(operationId = "cancelJob", summary = "Cancel a job: a queued one never runs, a running one stops at its next progress check")
    @ApiResponse(responseCode = "200", description = "Cancelled; the job as it now stands")
    @PostMapping(path = "/api/jobs/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<JobView> cancel(@PathVariable UUID id) {
        return views(Caller.currentOwner().flatMap(owner -> service.cancel(owner, id)).flux()).map(List::getFirst);
    }

    /** With the images' names, looked up in one query for the whole list. */
    private Mono<List<JobView>> views(Flux<Job> jobs) {
        return jobs.collectList().flatMap(list -> service.imageNames(list.stream().map(Job::imageId).toList())
                .map(names -> list.stream().map(job -> JobView.of(job, names.get(job.imageId()), json)).toList()));
    }

    @Schema(name = "JobPage")
    record JobPage(List<JobView> jobs,
                   @Schema(description = "Pass as cursor (with the same filters) for the next page; null on the last")
                   @Nullable String next) { }

    static final int MAX_PAGE = 500;

    @Operation(operationId = "listJobs", summary = "The owner's jobs, newest first, a page at a time",
            description = "Filter by status (repeat it, or separate with commas, for several) and operation. "
                    + "A cursor this service did not issue as a job list's next is a 400 invalid-cursor.")
    @ApiResponse(responseCode = "200", description = "A page of jobs")
    @ApiResponse(responseCode = "400", description = "A bad limit, status, operation or cursor",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = "#/components/schemas/Problem")))
    @GetMapping(path = "/api/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<JobPage> list(@Schema(minimum = "1", maximum = "" + MAX_PAGE) @RequestParam(defaultValue = "50") int limit,
                       @Schema(description = "The next of the previous page") @RequestParam(required = false) @Nullable String cursor,
                       @ArraySchema(schema = @Schema(implementation = JobStatus.class))
                       @RequestParam(required = false) @Nullable List<String> status,
                       @Schema(description = "Only jobs of this operation (see GET /api/operations)")
                       @RequestParam(required = false) @Nullable String operation) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ProblemType.INVALID_PARAMETERS.because("limit must be between 1 and " + MAX_PAGE + ", got " + limit);
        }
        List<JobStatus> statuses = statuses(status);
        if (operation != null && Operations.find(operation).isEmpty()) {
            throw ProblemType.INVALID_PARAMETERS.because("operation must be one of " + String.join(", ", Operations.names())
                    + ", got \"" + operation + "\"");
        }
        JobCursor after = null;
        if (cursor != null) {
            after = JobCursor.decode(cursor);
            if (after == null) {
                throw dev.darkroom.web.PageCursor.INVALID.because("The cursor is not one this service issued for a list of jobs; "
                        + "pass the 'next' value of the previous page unchanged, or omit it for the first page");
            }
        }
        JobCursor from = after;
        return Caller.currentOwner().flatMapMany(owner -> service.page(owner, from, statuses, operation, limit + 1))
                .collectList()
                .flatMap(found -> {
                    boolean more = found.size() > limit;
                    List<Job> page = more ? found.subList(0, limit) : found;
                    String next = more ? JobCursor.after(page.getLast()).encode() : null;
                    return views(Flux.fromIterable(page)).map(views -> new JobPage(views, next));
                });
    }

    /** "failed,cancelled" or status=failed&status=cancelled; a 400 naming the known ones for anything else. */
    private static List<JobStatus> statuses(@Nullable List<String> raw) {
        if (raw == null) {
            return List.of();
        }
        List<JobStatus> statuses = new java.util.ArrayList<>();
        for (String value : raw.stream().flatMap(v -> java.util.Arrays.stream(v.split(","))).map(String::trim)
                .filter(v -> !v.isEmpty()).toList()) {
            try {
                statuses.add(JobStatus.valueOf(value));
            } catch (IllegalArgumentException e) {
                throw ProblemType.INVALID_PARAMETERS.because("status must be one of "
                        + java.util.Arrays.stream(JobStatus.values()).map(Enum::name).collect(java.util.stream.Collectors.joining(", "))
                        + ", got \"" + value + "\"");
            }
        }
        return List.copyOf(statuses);
    }

    @Operation(operationId = "getJob", summary = "One job: its status, progress, timings, error and links")
    @GetMapping(path = "/api/jobs/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<JobView> get(@PathVariable UUID id) {
        return views(Caller.currentOwner().flatMap(owner -> service.find(owner, id)).flux()).map(List::getFirst);
    }

    @Operation(operationId = "getJobResult", summary = "The result of a succeeded job",
            description = "An image (PNG, JPEG or WebP, as the job's format asked), text/plain for ascii, JSON for colors. "
                    + "For format auto the type follows Accept: image/webp when the client names it, else the JPEG "
                    + "(PNG with transparency) every client reads; such answers carry Vary: Accept. "
                    + "Content-Disposition names it after the image and the operation. A result never changes: it has a "
                    + "strong ETag (the same for jobs that reused one result) and If-None-Match answers 304.")
    @ApiResponse(responseCode = "200", description = "The result", content = {
            @Content(mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = MediaType.IMAGE_JPEG_VALUE, schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = WEBP, schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = MediaType.TEXT_PLAIN_VALUE, schema = @Schema(type = "string")),
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(ref = "#/components/schemas/Colors"))})
    @ApiResponse(responseCode = "304", description = "The client's copy (If-None-Match) is current")
    @ApiResponse(responseCode = "409", description = "The job has not succeeded (yet); jobStatus says where it is",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = "#/components/schemas/Problem")))
    @ApiResponse(responseCode = "410", description = "The job's image has been deleted, and its result with it",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = "#/components/schemas/Problem")))
    @GetMapping(path = "/api/jobs/{id}/result", produces = {MediaType.IMAGE_PNG_VALUE, MediaType.IMAGE_JPEG_VALUE, WEBP,
            MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_JSON_VALUE})
    Mono<ResponseEntity<Flux<DataBuffer>>> result(@PathVariable UUID id,
                                                  @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        return Caller.currentOwner().flatMap(owner -> service.find(owner, id)).flatMap(job -> {
            if (job.status() != JobStatus.succeeded) {
                throw JobProblems.NOT_READY.because(switch (job.status()) {
                    case failed -> "Job " + id + " failed: " + job.error() + ". POST /api/jobs/" + id + "/retry runs it again";
                    case cancelled -> "Job " + id + " was cancelled. POST /api/jobs/" + id + "/retry runs it again";
                    default -> "Job " + id + " is " + job.status() + " (" + job.progress() + "%); follow "
                            + "/api/jobs/" + id + "/events or poll /api/jobs/" + id + " until it has succeeded";
                }).with("jobStatus", job.status().name());
            }
            String type = ResultNegotiation.choose(job, accept);
            String key = job.resultKey(type);
            return service.imageVisible(job).flatMap(visible -> visible ? service.imageNames(List.of(job.imageId()))
                    : Mono.error(JobProblems.IMAGE_DELETED.because("Image " + job.imageId() + " of job " + id
                            + " has been deleted; its results are no longer served").with("imageId", job.imageId())))
                    .map(names -> {
                        ResponseEntity.BodyBuilder answer = ResponseEntity.ok()
                                .contentType(MediaType.parseMediaType(type))
                                // Stored once under a key that is never written again: the key is the version.
                                .eTag(ResultNegotiation.etag(key))
                                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=31536000, immutable")
                                .headers(headers -> headers.setContentDisposition(ContentDisposition.inline()
                                        .filename(resultName(job, key, names.get(job.imageId()), json), StandardCharsets.UTF_8)
                                        .build()));
                        if (!job.resultVariants().isEmpty()) {
                            answer.varyBy(HttpHeaders.ACCEPT);
                        }
                        return answer.body(store.read(key));
                    });
        });
    }

    /**
     * "coffee-GaussianBlur.png": the image's name without its extension, what was done to it, and
     * the result's own extension (from its stored key).
     */
    static String resultName(Job job, String imageName, JsonMapper json) {
        return resultName(job, job.resultKey(), imageName, json);
    }

    static String resultName(Job job, String key, String imageName, JsonMapper json) {
        String base = imageName == null ? job.imageId().toString() : imageName.replaceAll(".*[/\\\\]", "");
        int dot = base.lastIndexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        String what = job.operation();
        JsonNode filter = json.readTree(job.params()).get("name");
        if ("filter".equals(what) && filter != null && filter.isString()) {
            what = filter.asString();
        }
        String extension = key.substring(key.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return (base.isBlank() ? job.id().toString() : base) + "-" + what + "." + extension;
    }
}
