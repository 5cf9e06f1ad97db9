package dev.darkroom.upload;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import dev.darkroom.image.ImageView;
import dev.darkroom.security.Caller;
import dev.darkroom.web.ApiException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/images}: parts are read as events, so each file streams to storage while it
 * arrives instead of being buffered to memory or disk first.
 *
 * <p>Every file part is accounted for in the answer by its {@code index} among the file parts (and
 * its file name): stored, under {@code images}, or refused with its problem, under
 * {@code rejected}. A file refused for its content does not sink the others. A limit that ends the
 * request (a file over the size limit, a file past the most one request may carry) answers with
 * that problem, and still lists what was stored before it, which stays stored; the files after it
 * were not read ({@code unreadFrom}).
 */
@RestController
@Tag(name = "Images")
class UploadController {

    private final UploadService uploads;
    private final UploadProperties properties;

    UploadController(UploadService uploads, UploadProperties properties) {
        this.uploads = uploads;
        this.properties = properties;
    }

    /** A file that was refused: its place among the file parts, its name, and its problem. */
    record Rejected(int index, String filename, String type, int status, String detail) {
        static Rejected of(int index, String filename, ApiException e) {
            return new Rejected(index, filename, e.type().uri().toString(), e.type().status().value(), e.getMessage());
        }
    }

    /** A stored file: its place among the file parts, and the image it became. */
    record Stored(int index, @com.fasterxml.jackson.annotation.JsonUnwrapped ImageView image) { }

    record Uploaded(List<Stored> images, List<Rejected> rejected) { }

    /** The most files whose rows one transaction writes, and how long a stored file waits for others. */
    private static final int COMMIT_FILES = 10;
    private static final java.time.Duration COMMIT_WAIT = java.time.Duration.ofSeconds(1);

    private sealed interface Outcome {
        int index();

        record Saved(int index, ImageView image) implements Outcome { }

        record Refused(int index, String filename, ApiException error) implements Outcome { }

        /** A limit that ends the request: this file and those after it are not read. */
        record Stop(int index, String filename, ApiException error) implements Outcome { }

        /** Stored, its row not yet written: becomes Saved once its group is committed. */
        record Staged(int index, UploadService.Staged file) implements Outcome { }
    }

    @Operation(operationId = "uploadImages", summary = "Upload images: one or more parts named file",
            description = "JPEG, PNG, GIF, BMP, TIFF or WebP, recognised by content. Each file streams into storage, "
                    + "its SHA-256 computed on the way; the same bytes again (same owner) answer with the stored image, "
                    + "marked duplicate, unless duplicates=keep.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                    schema = @Schema(type = "object", requiredProperties = "file"),
                    schemaProperties = @SchemaProperty(name = "file", array = @ArraySchema(minItems = 1,
                            schema = @Schema(type = "string", format = "binary", description = "An image file"))))))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Stored; refused files, if any, are listed under rejected")
    @PostMapping(path = "/api/images", consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Uploaded>> upload(@RequestBody Flux<PartEvent> parts,
                                          @Parameter(description = "reuse: a file whose bytes this owner has already stored "
                                                  + "answers with that image, marked duplicate, and nothing new is stored. keep: "
                                                  + "store it again as a new image. Without it, darkroom.upload.duplicates "
                                                  + "decides (reuse unless configured otherwise)",
                                                  schema = @Schema(allowableValues = {"reuse", "keep"}))
                                          @RequestParam(required = false) String duplicates) {
        if (duplicates == null) {
            duplicates = properties.duplicates();
        } else if (!duplicates.equals("reuse") && !duplicates.equals("keep")) {
            throw dev.darkroom.web.ProblemType.INVALID_PARAMETERS.because("duplicates must be reuse or keep, got \""
                    + duplicates + "\"");
        }
        boolean reuse = duplicates.equals("reuse");
        return Caller.currentOwner().flatMap(owner -> files(owner, parts, reuse).collectList())
                .map(outcomes -> {
                    List<Stored> stored = new ArrayList<>();
                    List<Rejected> rejected = new ArrayList<>();
                    ApiException first = null;
                    Outcome.Stop stop = null;
                    for (Outcome outcome : outcomes) {
                        switch (outcome) {
                            case Outcome.Saved saved -> stored.add(new Stored(saved.index(), saved.image()));
                            case Outcome.Staged staged -> throw new IllegalStateException("every staged file is committed first");
                            case Outcome.Refused refused -> {
                                rejected.add(Rejected.of(refused.index(), refused.filename(), refused.error()));
                                first = first == null ? refused.error() : first;
                            }
                            case Outcome.Stop ended -> {
                                rejected.add(Rejected.of(ended.index(), ended.filename(), ended.error()));
                                stop = ended;
                            }
                        }
                    }
                    if (stop != null) {
                        throw stop.error().with("images", stored).with("rejected", rejected)
                                .with("unreadFrom", stop.index() + 1);
                    }
                    if (outcomes.isEmpty()) {
                        throw UploadProblems.NO_FILES.because("Send the images as multipart/form-data parts named 'file', "
                                + "e.g. curl -F file=@photo.jpg");
                    }
                    if (stored.isEmpty()) {
                        throw first.with("images", stored).with("rejected", rejected);
                    }
                    return ResponseEntity.status(HttpStatus.CREATED).body(new Uploaded(stored, rejected));
                });
    }

    /**
     * One outcome per part named {@code file}, in request order, each with its index among them;
     * other parts are skipped. Reading ends after an outcome that stops the request.
     */
    private Flux<Outcome> files(java.util.UUID owner, Flux<PartEvent> parts, boolean reuse) {
        int[] count = {0};
        return parts.windowUntil(PartEvent::isLast).concatMap(part -> part.switchOnFirst((first, events) -> {
            if (first.get() instanceof FilePartEvent file && "file".equals(file.name())) {
                int index = count[0]++;
                String name = UploadService.cleanName(file.filename());
                if (index >= properties.maxFiles()) {
                    return Flux.just(new Outcome.Stop(index, name, UploadProblems.TOO_MANY_FILES.because("A request may carry "
                            + "at most " + properties.maxFiles() + " files; send the rest in another request")
                            .with("filename", name)));
                }
                return uploads.stage(file.filename(), events.map(PartEvent::content))
                        .<Outcome>map(staged -> new Outcome.Staged(index, staged))
                        .onErrorResume(ApiException.class, e -> Mono.just(e.type().status() == HttpStatus.CONTENT_TOO_LARGE
                                ? new Outcome.Stop(index, name, e) : new Outcome.Refused(index, name, e)));
            }
            return events.doOnNext(event -> DataBufferUtils.release(event.content())).then(Mono.empty());
        }), 0).takeUntil(outcome -> outcome instanceof Outcome.Stop)
                // Rows are written for several files at a time: one transaction for up to COMMIT_FILES
                // stored files, or for those stored within COMMIT_WAIT of the first, so that a slow
                // request's early files are not held back for long.
                .bufferTimeout(COMMIT_FILES, COMMIT_WAIT, true)
                .concatMap(group -> commit(owner, group, reuse));
    }

    private Flux<Outcome> commit(java.util.UUID owner, List<Outcome> group, boolean reuse) {
        List<UploadService.Staged> staged = group.stream()
                .<UploadService.Staged>mapMulti((outcome, out) -> {
                    if (outcome instanceof Outcome.Staged file) {
                        out.accept(file.file());
                    }
                }).toList();
        return uploads.commit(owner, staged, reuse).flatMapIterable(done -> {
            java.util.Iterator<UploadService.Upload> next = done.iterator();
            return group.stream().map(outcome -> {
                if (!(outcome instanceof Outcome.Staged file)) {
                    return outcome;
                }
                UploadService.Upload upload = next.next();
                return (Outcome) new Outcome.Saved(file.index(), upload.duplicate()
                        ? ImageView.duplicate(upload.image()) : ImageView.of(upload.image()));
            }).toList();
        });
    }
}
