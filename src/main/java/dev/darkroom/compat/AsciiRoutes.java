package dev.darkroom.compat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import dev.darkroom.image.Image;
import dev.darkroom.image.ImageDecoder;
import dev.darkroom.image.ImageFormat;
import dev.darkroom.image.ImageProblems;
import dev.darkroom.image.ImageRepository;
import dev.darkroom.web.RequestBodies;
import dev.darkroom.job.Job;
import dev.darkroom.job.JobService;
import dev.darkroom.job.JobStatus;
import dev.darkroom.operation.Operation;
import dev.darkroom.operation.Operations;
import dev.darkroom.operation.Output;
import dev.darkroom.operation.Params;
import dev.darkroom.operation.Progress;
import dev.darkroom.storage.ImageStore;
import dev.darkroom.upload.UploadService;
import dev.darkroom.web.ProblemType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import dev.darkroom.security.Caller;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The ASCII-art service's routes and JSON, for its curl users. Conversions are ordinary
 * {@code ascii} jobs (and {@code /ascii} the same operation run within the request), so there is
 * no second implementation to drift.
 */
@RestController
@Tag(name = AsciiRoutes.TAG)
class AsciiRoutes {

    static final String TAG = "Earlier: ASCII service";

    static final String OPERATION = "ascii";
    static final ProblemType NOT_READY = new ProblemType("ascii-not-ready", HttpStatus.CONFLICT, "ASCII art not ready",
            "The ASCII art is not ready yet; GET /image/{id} shows its state.");
    /** Within one request, as for /api/convert: beyond this, /upload shows progress instead. */
    static final long SYNC_MAX_BYTES = 20L * 1024 * 1024;

    private final UploadService uploads;
    private final JobService jobs;
    private final ImageRepository images;
    private final ImageStore store;
    private final Scheduler conversions;

    AsciiRoutes(UploadService uploads, JobService jobs, ImageRepository images, ImageStore store,
                Scheduler conversionScheduler) {
        this.uploads = uploads;
        this.jobs = jobs;
        this.images = images;
        this.store = store;
        this.conversions = conversionScheduler;
    }

    /** {@code curl -F file=@photo.png 'localhost:8080/ascii?size=100'} */
    @io.swagger.v3.oas.annotations.Operation(operationId = "asciiArt", summary = "ASCII art of an uploaded image, within the request",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @io.swagger.v3.oas.annotations.media.Content(
                    mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                    schema = @io.swagger.v3.oas.annotations.media.Schema(type = "object", requiredProperties = "file"),
                    schemaProperties = @io.swagger.v3.oas.annotations.media.SchemaProperty(name = "file",
                            schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string", format = "binary", description = "One image file")))))
    @PostMapping(path = "/ascii", consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.TEXT_PLAIN_VALUE)
    Mono<String> ascii(@RequestBody(required = false) Flux<PartEvent> parts,
                       @Schema(description = "Characters per line", minimum = "1", maximum = "1000") @RequestParam(defaultValue = "100") int size) {
        Operation operation = asciiOf(size, "/size");
        return RequestBodies.filePart(parts, "file", SYNC_MAX_BYTES)
                .publishOn(conversions)
                .map(file -> ((Output.Text) operation.apply(ImageDecoder.decode(file.bytes(), Progress.NONE), Progress.NONE)).text() + "\n");
    }

    private static Operation asciiOf(int size, String pointer) {
        var params = JsonNodeFactory.instance.objectNode().put("width", size);
        try {
            return Operations.find(OPERATION).orElseThrow().from(Params.of(params, ""));
        } catch (dev.darkroom.operation.InvalidParamsException e) {
            throw new dev.darkroom.operation.InvalidParamsException(e.violations().stream()
                    .map(v -> new dev.darkroom.operation.ParamViolation(pointer, v.message())).toList());
        }
    }

    @Schema(name = "AsciiUpload")
    record AsciiUpload(@JsonProperty("image_id") UUID imageId) { }

    /** Stores the image and queues its conversion; poll /image/{id} until the state is ready. */
    @io.swagger.v3.oas.annotations.Operation(operationId = "uploadForAscii", summary = "Store an image and queue its ASCII art")
    @ApiResponse(responseCode = "201", description = "Stored; the conversion is queued")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @io.swagger.v3.oas.annotations.media.Content(
            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
            schema = @io.swagger.v3.oas.annotations.media.Schema(type = "object", requiredProperties = "file"),
            schemaProperties = @io.swagger.v3.oas.annotations.media.SchemaProperty(name = "file",
                    schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string", format = "binary", description = "One image file"))))
    @PostMapping(path = "/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<AsciiUpload>> upload(@RequestBody(required = false) Flux<PartEvent> parts,
            @Schema(description = "Characters per line", minimum = "1", maximum = "1000") @RequestParam(defaultValue = "100") int size) {
        asciiOf(size, "/size");
        // Streamed into storage as it arrives, like /api/images: a FilePart would be spooled to a
        // temporary file first, up to the upload limit.
        return Caller.currentOwner().flatMap(owner -> RequestBodies.filePart(parts, "file",
                                (filename, content) -> uploads.store(owner, filename, content)))
                .flatMap(image -> jobs.submit(image.owner(), new JobService.Submission(List.of(image.id()), OPERATION,
                                JsonNodeFactory.instance.objectNode().put("width", size)))
                        .then(Mono.just(image)))
                .map(image -> ResponseEntity.status(HttpStatus.CREATED).body(new AsciiUpload(image.id())));
    }

    @Schema(name = "AsciiImage")
    record Metadata(
            @JsonProperty("image_id") UUID imageId,
            @Nullable String filename,
            double created,
            String state,
            @JsonProperty("image_type") String imageType,
            @JsonProperty("image_size") List<Integer> imageSize,
            @JsonProperty("convert_time") @Nullable Double convertTime,
            @Nullable String error) {
    }

    @io.swagger.v3.oas.annotations.Operation(operationId = "getAsciiImage", summary = "An image and the state of its ASCII art")
    @GetMapping(path = "/image/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Metadata> metadata(@PathVariable UUID id) {
        return image(id).flatMap(image -> jobs.latest(id, OPERATION).map(job -> metadata(image, job))
                .defaultIfEmpty(metadata(image, null)));
    }

    @io.swagger.v3.oas.annotations.Operation(operationId = "getAsciiArt", summary = "The ASCII art, once ready")
    @ApiResponse(responseCode = "200", description = "The art: lines of equal width",
            content = @Content(mediaType = MediaType.TEXT_PLAIN_VALUE, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "409", description = "Not ready yet",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = "#/components/schemas/Problem")))
    @GetMapping(path = "/image/{id}/ascii", produces = MediaType.TEXT_PLAIN_VALUE)
    Mono<ResponseEntity<Flux<DataBuffer>>> art(@PathVariable UUID id) {
        return image(id).flatMap(image -> jobs.latest(id, OPERATION)
                .filter(job -> job.status() == JobStatus.succeeded)
                .switchIfEmpty(Mono.defer(() -> jobs.latest(id, OPERATION)
                        .map(job -> job.status())
                        .defaultIfEmpty(JobStatus.queued)
                        .flatMap(status -> Mono.error(NOT_READY.because("The ASCII art of image " + id + " is not ready ("
                                + state(status) + "); GET /image/" + id + " shows its state")))))
                .map(job -> ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(store.read(job.resultKey()))));
    }

    @io.swagger.v3.oas.annotations.Operation(operationId = "getAsciiOriginal", summary = "The stored image")
    @ApiResponse(responseCode = "200", description = "The original file",
            content = @Content(mediaType = "image/*", schema = @Schema(type = "string", format = "binary")))
    @GetMapping(path = "/image/{id}/original", produces = "image/*")
    Mono<ResponseEntity<Flux<DataBuffer>>> original(@PathVariable UUID id) {
        return image(id).map(image -> ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(image.contentType()))
                .body(store.read(image.originalKey())));
    }

    static final int LIST_PAGE = 100;
    static final int MAX_LIST_PAGE = 1000;

    /**
     * The stored images with their metadata, newest first (URL photos once downloaded), a page at a
     * time. The body stays the array the ASCII service's clients read; the next page's address is
     * in a {@code Link: <…>; rel="next"} header (RFC 8288), absent on the last page.
     */
    @io.swagger.v3.oas.annotations.Operation(operationId = "listAsciiImages", summary = "Stored images with their ASCII state, newest first, a page at a time",
            description = "The next page's address is in the Link header (rel=\"next\"), absent on the last page. "
                    + "A cursor this service did not issue for an image list is a 400 invalid-cursor.")
    @ApiResponse(responseCode = "200", description = "A page of images",
            headers = @io.swagger.v3.oas.annotations.headers.Header(name = HttpHeaders.LINK,
                    description = "</list?limit=…&cursor=…>; rel=\"next\" while there are more", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = "A bad limit or cursor",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = "#/components/schemas/Problem")))
    @GetMapping(path = "/list", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<List<Metadata>>> list(
            @Schema(minimum = "1", maximum = "" + MAX_LIST_PAGE) @RequestParam(defaultValue = "" + LIST_PAGE) int limit,
            @Schema(description = "From the previous page's Link header") @RequestParam(required = false) @Nullable String cursor) {
        if (limit < 1 || limit > MAX_LIST_PAGE) {
            throw ProblemType.INVALID_PARAMETERS.because("limit must be between 1 and " + MAX_LIST_PAGE + ", got " + limit);
        }
        ImageRepository.Cursor after = null;
        if (cursor != null) {
            after = ImageRepository.Cursor.decode(cursor);
            if (after == null) {
                throw dev.darkroom.web.PageCursor.INVALID.because("The cursor is not one this service issued for a list of images; "
                        + "follow the Link header of the previous page unchanged, or omit the cursor for the first page");
            }
        }
        ImageRepository.Cursor from = after;
        return Caller.currentOwner().flatMapMany(owner -> images.storedPage(owner, from, limit + 1)).collectList()
                .flatMap(found -> {
                    boolean more = found.size() > limit;
                    List<Image> page = more ? found.subList(0, limit) : found;
                    return Flux.fromIterable(page)
                            .concatMap(image -> jobs.latest(image.id(), OPERATION).map(job -> metadata(image, job))
                                    .defaultIfEmpty(metadata(image, null)), 16)
                            .collectList()
                            .map(items -> {
                                ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
                                if (more) {
                                    String next = new ImageRepository.Cursor(page.getLast().createdAt(), page.getLast().id()).encode();
                                    ok.header(HttpHeaders.LINK, "</list?limit=" + limit + "&cursor=" + next + ">; rel=\"next\"");
                                }
                                return ok.body(items);
                            });
                });
    }

    private Mono<Image> image(UUID id) {
        return Caller.currentOwner().flatMap(owner -> images.find(owner, id))
                .filter(image -> image.originalKey() != null)
                .switchIfEmpty(Mono.error(() -> ImageProblems.notFound(id)));
    }

    private static Metadata metadata(Image image, Job job) {
        Double seconds = job == null || job.startedAt() == null || job.finishedAt() == null ? null
                : Duration.between(job.startedAt(), job.finishedAt()).toNanos() / 1e9;
        return new Metadata(image.id(), image.filename(), epochSeconds(image.createdAt()),
                job == null ? "none" : state(job.status()),
                typeName(image.contentType()),
                List.of(image.width(), image.height()), seconds, job == null ? null : job.error());
    }

    private static String typeName(String contentType) {
        for (ImageFormat format : ImageFormat.values()) {
            if (format.mediaType().equals(contentType)) {
                return format.name();
            }
        }
        return ImageFormat.JPEG.name();
    }

    private static double epochSeconds(Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }

    /** The ASCII service's own names for a job's states. */
    static String state(JobStatus status) {
        return switch (status) {
            case queued -> "queued";
            case running -> "processing";
            case succeeded -> "ready";
            case failed -> "failed";
            case cancelled -> "cancelled";
        };
    }

}
