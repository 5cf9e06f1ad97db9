package dev.darkroom.upload;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
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
import org.springframework.web.bind.annotation.RestController;
import dev.darkroom.image.ImageView;
import dev.darkroom.web.ApiException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/images}: parts are read as events, so each file streams to storage while it
 * arrives instead of being buffered to memory or disk first. A file refused for its content does
 * not sink the others in the same request; they are listed under {@code rejected}.
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

    record Rejected(String filename, String type, int status, String detail) {
        static Rejected of(ApiException e) {
            return new Rejected(String.valueOf(e.properties().get("filename")), e.type().uri().toString(),
                    e.type().status().value(), e.getMessage());
        }
    }

    record Uploaded(List<ImageView> images, List<Rejected> rejected) { }

    private sealed interface Outcome {
        record Stored(ImageView image) implements Outcome { }
        record Refused(ApiException error) implements Outcome { }
    }

    @Operation(operationId = "uploadImages", summary = "Upload images: one or more parts named file",
            description = "JPEG, PNG, GIF, BMP, TIFF or WebP, recognised by content. Each file streams into storage.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                    schema = @Schema(type = "object", requiredProperties = "file"),
                    schemaProperties = @SchemaProperty(name = "file", array = @ArraySchema(minItems = 1,
                            schema = @Schema(type = "string", format = "binary", description = "An image file"))))))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Stored; refused files, if any, are listed under rejected")
    @PostMapping(path = "/api/images", consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Uploaded>> upload(@RequestBody Flux<PartEvent> parts) {
        return files(parts)
                .collectList()
                .map(outcomes -> {
                    List<ImageView> stored = new ArrayList<>();
                    List<ApiException> refused = new ArrayList<>();
                    for (Outcome outcome : outcomes) {
                        switch (outcome) {
                            case Outcome.Stored s -> stored.add(s.image());
                            case Outcome.Refused r -> refused.add(r.error());
                        }
                    }
                    if (outcomes.isEmpty()) {
                        throw UploadProblems.NO_FILES.because("Send the images as multipart/form-data parts named 'file', "
                                + "e.g. curl -F file=@photo.jpg");
                    }
                    if (stored.isEmpty()) {
                        ApiException first = refused.getFirst();
                        if (refused.size() > 1) {
                            first.with("rejected", refused.stream().map(Rejected::of).toList());
                        }
                        throw first;
                    }
                    return ResponseEntity.status(HttpStatus.CREATED)
                            .body(new Uploaded(stored, refused.stream().map(Rejected::of).toList()));
                });
    }

    /** One outcome per part named {@code file}, in request order; other parts are skipped. */
    private Flux<Outcome> files(Flux<PartEvent> parts) {
        int[] count = {0};
        return parts.windowUntil(PartEvent::isLast).concatMap(part -> part.switchOnFirst((first, events) -> {
            if (first.get() instanceof FilePartEvent file && "file".equals(file.name())) {
                if (++count[0] > properties.maxFiles()) {
                    return Flux.error(UploadProblems.TOO_MANY_FILES.because("A request may carry at most "
                            + properties.maxFiles() + " files; send the rest in another request"));
                }
                return uploads.store(file.filename(), events.map(PartEvent::content))
                        .<Outcome>map(image -> new Outcome.Stored(ImageView.of(image)))
                        .onErrorResume(ApiException.class, e -> e.type().status() == HttpStatus.CONTENT_TOO_LARGE
                                ? Mono.error(e)
                                : Mono.just(new Outcome.Refused(e)));
            }
            return events.doOnNext(event -> DataBufferUtils.release(event.content())).then(Mono.empty());
        }));
    }
}
