package dev.darkroom.job;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import dev.darkroom.webhook.Webhooks;
import dev.darkroom.image.ImageRepository;
import dev.darkroom.messaging.Outbox;
import dev.darkroom.messaging.WorkQueue;
import dev.darkroom.progress.ProgressBus;
import dev.darkroom.progress.ProgressEvent;
import dev.darkroom.work.Priority;
import org.springframework.transaction.reactive.TransactionalOperator;
import dev.darkroom.operation.InvalidParamsException;
import dev.darkroom.operation.OperationFactory;
import dev.darkroom.operation.Operations;
import dev.darkroom.operation.ParamViolation;
import dev.darkroom.operation.Params;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts jobs: everything about a request is checked here, before anything is stored, so a bad
 * parameter is a 400 to the caller and never a failed job later.
 */
@Service
public class JobService {

    private final JobRepository jobs;
    private final ImageRepository images;
    private final WorkQueue queue;
    private final WorkQueue interactiveQueue;
    private final Outbox outbox;
    private final TransactionalOperator transaction;
    private final ProgressBus bus;
    private final JobProperties properties;
    private final JsonMapper json;
    private final Webhooks webhooks;
    private final io.micrometer.core.instrument.MeterRegistry metrics;

    JobService(JobRepository jobs, ImageRepository images, WorkQueue jobQueue, WorkQueue interactiveJobQueue, Outbox outbox,
               TransactionalOperator transaction, ProgressBus bus, JobProperties properties, JsonMapper json,
               Webhooks webhooks, io.micrometer.core.instrument.MeterRegistry metrics) {
        this.webhooks = webhooks;
        this.metrics = metrics;
        this.jobs = jobs;
        this.images = images;
        this.queue = jobQueue;
        this.interactiveQueue = interactiveJobQueue;
        this.outbox = outbox;
        this.transaction = transaction;
        this.bus = bus;
        this.properties = properties;
        this.json = json;
    }

    /** The fields of a job request; any other is refused, as an unknown parameter is. */
    static final List<String> FIELDS = List.of("imageIds", "operation", "params", "force", "callback", "priority");

    /** A job request as sent: its fields unchecked, and the names of any fields it should not have. */
    record Request(JsonNode imageIds, JsonNode operation, JsonNode params, JsonNode force, JsonNode callback,
                   JsonNode priority, List<String> unknownFields) {

        static Request of(JsonNode body) {
            if (body == null || !body.isObject()) {
                throw new InvalidParamsException(List.of(new ParamViolation("", "must be a JSON object "
                        + "{\"imageIds\": [...], \"operation\": \"...\", \"params\": {...}}, got "
                        + (body == null ? "nothing" : body.getNodeType().name().toLowerCase(java.util.Locale.ROOT)))));
            }
            List<String> unknown = body.propertyNames().stream().filter(name -> !FIELDS.contains(name)).toList();
            return new Request(body.get("imageIds"), body.get("operation"), body.get("params"), body.get("force"),
                    body.get("callback"), body.get("priority"), unknown);
        }
    }

    /**
     * A job request whose shape and parameters are valid; the images may still be unknown, and the
     * callback's host is still to be checked. With {@code reuse}, an image whose bytes, operation and
     * parameters match an earlier succeeded job of the owner takes that job's result at once instead
     * of running again. {@code priority} high puts the jobs in the interactive line, ahead of bulk work.
     */
    public record Submission(List<UUID> imageIds, String operation, JsonNode params, boolean reuse, @Nullable URI callback,
                             Priority priority) {

        /** Bulk work, as every submission is unless it asks otherwise. */
        public Submission(List<UUID> imageIds, String operation, JsonNode params) {
            this(imageIds, operation, params, true, null, Priority.normal);
        }

        public Submission(List<UUID> imageIds, String operation, JsonNode params, boolean reuse) {
            this(imageIds, operation, params, reuse, null, Priority.normal);
        }

        public Submission(List<UUID> imageIds, String operation, JsonNode params, Priority priority) {
            this(imageIds, operation, params, true, null, priority);
        }
    }

    /** The jobs a request made, and the callback it named (with its secret, shown this once). */
    record Accepted(List<Job> jobs, Webhooks.@Nullable Callback callback) { }

    Submission validate(Request request) {
        List<ParamViolation> problems = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        JsonNode rawIds = request.imageIds();
        if (rawIds == null || !rawIds.isArray() || rawIds.isEmpty()) {
            problems.add(new ParamViolation("/imageIds", "must be a non-empty array of image ids"));
        } else if (rawIds.size() > properties.maxImages()) {
            problems.add(new ParamViolation("/imageIds", "may name at most " + properties.maxImages()
                    + " images, got " + rawIds.size() + "; send several requests"));
        } else {
            // A repeated id is refused, not quietly run once: the caller counted on one job per entry.
            java.util.Map<UUID, Integer> firstIndex = new java.util.HashMap<>();
            for (int i = 0; i < rawIds.size(); i++) {
                String raw = rawIds.get(i).asString("");
                try {
                    UUID id = UUID.fromString(raw);
                    Integer first = firstIndex.putIfAbsent(id, i);
                    if (first != null) {
                        problems.add(new ParamViolation("/imageIds/" + i, "repeats /imageIds/" + first + " (" + id
                                + "); name each image once, as each gets one job"));
                    }
                    ids.add(id);
                } catch (IllegalArgumentException e) {
                    problems.add(new ParamViolation("/imageIds/" + i, "'" + raw + "' is not an image id (a UUID)"));
                }
            }
        }
        JsonNode rawOperation = request.operation();
        String operation = rawOperation != null && rawOperation.isString() ? rawOperation.asString() : null;
        if (rawOperation != null && !rawOperation.isNull() && operation == null) {
            problems.add(new ParamViolation("/operation", "must be a string, one of " + String.join(", ", Operations.names())
                    + ", got " + rawOperation));
        } else if (operation == null || operation.isBlank()) {
            problems.add(new ParamViolation("/operation", "is required: one of " + String.join(", ", Operations.names())));
        } else if (Operations.find(operation).isEmpty()) {
            throw JobProblems.UNKNOWN_OPERATION.because("Unknown operation \"" + operation + "\"; known: "
                    + String.join(", ", Operations.names())).with("operation", operation);
        } else {
            problems.addAll(paramProblems(Operations.find(operation).get(), request.params()));
        }
        JsonNode force = request.force();
        if (force != null && !force.isNull() && !force.isBoolean()) {
            problems.add(new ParamViolation("/force", "must be true or false, got " + force));
        }
        URI callback = Webhooks.callbackUrl(request.callback(), "/callback", problems);
        JsonNode rawPriority = request.priority();
        Priority priority = rawPriority == null || rawPriority.isNull() ? Priority.normal
                : rawPriority.isString() ? Priority.named(rawPriority.asString()) : null;
        if (priority == null) {
            problems.add(new ParamViolation("/priority", "must be \"high\" (someone is waiting for it: it runs ahead "
                    + "of bulk work) or \"normal\" (the default), got " + rawPriority));
        }
        for (String field : request.unknownFields()) {
            problems.add(new ParamViolation("/" + field, "is not a field of a job request; known: " + String.join(", ", FIELDS)));
        }
        if (!problems.isEmpty()) {
            throw new InvalidParamsException(problems);
        }
        JsonNode params = request.params() == null || request.params().isNull()
                ? json.createObjectNode() : request.params();
        boolean reuse = force == null || force.isNull() ? properties.reuseResults() : !force.asBoolean();
        return new Submission(List.copyOf(ids), operation, params, reuse, callback, priority);
    }

    private static List<ParamViolation> paramProblems(OperationFactory factory, JsonNode params) {
        List<ParamViolation> problems = new ArrayList<>();
        try {
            factory.from(Params.of(params, "/params", ResultFormat.KEYS));
        } catch (InvalidParamsException e) {
            problems.addAll(e.violations());
        }
        try {
            ResultFormat.from(params, "/params");
        } catch (InvalidParamsException e) {
            problems.addAll(e.violations());
        }
        return problems;
    }

    Mono<Accepted> submit(UUID owner, Request request) {
        Submission submission = validate(request);
        return webhooks.checkAddress(submission.callback(), "/callback/url").then(accept(owner, submission));
    }

    /**
     * Stores one queued job per image, and its message in the outbox, in one transaction: the
     * jobs are accepted even while the broker is down, and run once it is back. The images must be
     * the owner's: another owner's image is as unknown as one that never existed.
     */
    public Flux<Job> submit(UUID owner, Submission submission) {
        return accept(owner, submission).flatMapIterable(Accepted::jobs);
    }

    private Mono<Accepted> accept(UUID owner, Submission submission) {
        return accept(owner, submission, null);
    }

    /** {@code inherited}: an endpoint already registered (a retried job's), used instead of registering one. */
    private Mono<Accepted> accept(UUID owner, Submission submission, @Nullable UUID inherited) {
        return images.missing(owner, submission.imageIds())
                .flatMap(missing -> {
                    if (!missing.isEmpty()) {
                        return Mono.error(JobProblems.IMAGES_NOT_FOUND.because((missing.size() == 1
                                ? "No image has id " + missing.getFirst()
                                : "No images have ids " + missing) + "; upload them first (POST /api/images)")
                                .with("imageIds", missing));
                    }
                    String canonical = CanonicalParams.of(Operations.spec(submission.operation()).orElseThrow(),
                            submission.params()).toString();
                    Mono<Webhooks.Callback> callback = submission.callback() == null ? Mono.empty()
                            : webhooks.registerCallback(owner, submission.callback());
                    return callback.map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                            .flatMap(named -> jobs.insert(owner, submission.imageIds(), submission.operation(),
                                            submission.params().toString(), canonical, submission.reuse(),
                                            named.map(Webhooks.Callback::id).orElse(inherited), submission.priority())
                                    .collectList()
                                    // A reused job has its result already: only the others go to the queue.
                                    .flatMap(created -> outbox.enqueue(queue(submission.priority()), created.stream()
                                                    .filter(job -> job.status() == JobStatus.queued).map(Job::id).toList())
                                            .thenReturn(new Accepted(created, named.orElse(null)))))
                            .as(transaction::transactional)
                            .doOnNext(accepted -> accepted.jobs().forEach(job -> metrics.counter("darkroom.jobs.submitted",
                                    "operation", job.operation(), "reused", Boolean.toString(job.reusedFrom() != null)).increment()));
                });
    }

    /**
     * Cancels a job that has not ended: a queued one never runs, a running one stops at its next
     * progress check. Followers hear a {@code cancelled} event. Cancelling an ended job is a
     * 409 naming its state.
     */
    Mono<Job> cancel(UUID owner, UUID id) {
        return find(owner, id).flatMap(job -> jobs.table().cancel(id, "cancelled by request")
                .flatMap(cancelled -> {
                    if (!cancelled) {
                        return jobs.find(id).flatMap(now -> Mono.error(JobProblems.NOT_CANCELLABLE.because("Job " + id
                                + " has already " + (now.status() == JobStatus.cancelled ? "been cancelled" : "ended: it "
                                + now.status()) + "; only queued or running jobs can be cancelled")
                                .with("jobStatus", now.status().name())));
                    }
                    bus.publish(new ProgressEvent(id, ProgressEvent.CANCELLED, job.progress(), "cancelled by request"));
                    return jobs.find(id);
                }));
    }

    /** The newest job of this operation on this image; empty if there is none. */
    public Mono<Job> latest(UUID imageId, String operation) {
        return jobs.latest(imageId, operation);
    }

    /** The owner's job; a 404 problem for another owner's, as for one that does not exist. */
    public Mono<Job> find(UUID owner, UUID id) {
        return jobs.find(owner, id).switchIfEmpty(Mono.error(() -> JobProblems.notFound(id)));
    }

    /** Whether the job's image is still there: a deleted image's results are no longer served. */
    Mono<Boolean> imageVisible(Job job) {
        return images.find(job.owner(), job.imageId()).hasElement();
    }

    /** What a person calls each image (see {@link JobView#imageName}). */
    Mono<java.util.Map<UUID, String>> imageNames(java.util.Collection<UUID> imageIds) {
        return imageIds.isEmpty() ? Mono.just(java.util.Map.of()) : images.names(imageIds);
    }

    /** A page of the owner's jobs, newest first; see {@link JobRepository#page}. */
    Flux<Job> page(UUID owner, JobCursor after, List<JobStatus> statuses, String operation, int limit) {
        return jobs.page(owner, after, statuses, operation, limit);
    }

    /**
     * A new job with the same image, operation and parameters; a 404 if the image has since been
     * deleted. It runs again, never reusing a result: asking to run it again means exactly that.
     * Its end goes to the callback the first job named, signed with the secret given out then.
     */
    Flux<Job> retry(UUID owner, UUID id) {
        return find(owner, id).flatMapMany(job -> jobs.callbackOf(id).map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(callback -> accept(owner, new Submission(List.of(job.imageId()), job.operation(),
                        json.readTree(job.params()), false, null, job.priority()), callback.orElse(null)))
                .flatMapIterable(Accepted::jobs));
    }

    public WorkQueue queue() {
        return queue;
    }

    /** The queue a job of this priority is published to: interactive work has one of its own. */
    WorkQueue queue(Priority priority) {
        return priority == Priority.high ? interactiveQueue : queue;
    }

    public Mono<Long> queueDepth() {
        return queue.depth();
    }

    /** Jobs in this state, of one owner, or of all when {@code owner} is null. */
    public Mono<Long> count(UUID owner, JobStatus status) {
        return jobs.countByStatus(owner, status);
    }
}
