package dev.darkroom.image;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import dev.darkroom.storage.ImageStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import dev.darkroom.security.Caller;

@RestController
@Tag(name = "Images")
class ImageController {

    static final int MAX_PAGE = 100;

    private final ImageRepository images;
    private final ImageStore store;
    private final ThumbnailKeys thumbnails;

    ImageController(ImageRepository images, ImageStore store, ThumbnailKeys thumbnails) {
        this.images = images;
        this.store = store;
        this.thumbnails = thumbnails;
    }

    record ImagePage(List<ImageView> images,
                     @Schema(description = "Pass as cursor for the next page; null on the last") @Nullable String next) { }

    @Operation(operationId = "listImages", summary = "Images, newest first, a page at a time")
    @GetMapping(path = "/api/images", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ImagePage> list(@Schema(minimum = "1", maximum = "" + MAX_PAGE) @RequestParam(defaultValue = "20") int limit,
                         @Schema(description = "The next of the previous page") @RequestParam(required = false) String cursor,
                         @Parameter(description = "Only these images, comma-separated, at most " + MAX_PAGE + ", answered in "
                                 + "this order; ids unknown or deleted are left out. One request follows many uploads "
                                 + "where one per image would cost the service a request each. Not with cursor")
                         @RequestParam(required = false) List<UUID> ids) {
        if (ids != null) {
            return these(ids, cursor);
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw dev.darkroom.web.ProblemType.INVALID_PARAMETERS.because(
                    "limit must be between 1 and " + MAX_PAGE + ", got " + limit);
        }
        ImageRepository.Cursor after = null;
        if (cursor != null) {
            after = ImageRepository.Cursor.decode(cursor);
            if (after == null) {
                throw dev.darkroom.web.PageCursor.INVALID.because("The cursor is not one this service issued; "
                        + "pass the 'next' value of the previous page unchanged, or omit it for the first page");
            }
        }
        ImageRepository.Cursor from = after;
        return Caller.currentOwner().flatMap(owner -> images.page(owner, from, limit + 1).collectList()).map(found -> {
            boolean more = found.size() > limit;
            List<Image> page = more ? found.subList(0, limit) : found;
            String next = more ? new ImageRepository.Cursor(page.getLast().createdAt(), page.getLast().id()).encode() : null;
            return new ImagePage(page.stream().map(ImageView::of).toList(), next);
        });
    }

    private Mono<ImagePage> these(List<UUID> ids, String cursor) {
        if (cursor != null) {
            throw dev.darkroom.web.ProblemType.INVALID_PARAMETERS.because("ids and cursor cannot be combined: "
                    + "ids names the images wanted, cursor pages through all of them");
        }
        if (ids.isEmpty() || ids.size() > MAX_PAGE) {
            throw dev.darkroom.web.ProblemType.INVALID_PARAMETERS.because(
                    "ids must name between 1 and " + MAX_PAGE + " images, got " + ids.size());
        }
        return Caller.currentOwner().flatMap(owner -> images.find(owner, ids).collectMap(Image::id)).map(found ->
                new ImagePage(ids.stream().distinct().map(found::get).filter(java.util.Objects::nonNull)
                        .map(ImageView::of).toList(), null));
    }

    @Operation(operationId = "getImage", summary = "One image's metadata and links")
    @GetMapping(path = "/api/images/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ImageView> get(@PathVariable UUID id) {
        return Caller.currentOwner().flatMap(owner -> images.find(owner, id)).map(ImageView::of)
                .switchIfEmpty(Mono.error(() -> ImageProblems.notFound(id)));
    }

    /** The newest thumbnail (at most 320×320), made when the image is processed. */
    @Operation(operationId = "getImageThumbnail", summary = "The image's thumbnail, at most 320×320",
            description = "Made when the image is processed; 404 thumbnail-not-ready until then. Strong ETag; "
                    + "If-None-Match answers 304.")
    @ApiResponse(responseCode = "304", description = "The client's copy (If-None-Match) is current")
    @ApiResponse(responseCode = "200", description = "The thumbnail", content = {
            @Content(mediaType = MediaType.IMAGE_JPEG_VALUE, schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string", format = "binary"))})
    @GetMapping(path = "/api/images/{id}/thumbnail", produces = {MediaType.IMAGE_JPEG_VALUE, MediaType.IMAGE_PNG_VALUE})
    Mono<ResponseEntity<Flux<DataBuffer>>> thumbnail(@PathVariable UUID id) {
        return Caller.currentOwner().flatMap(owner -> images.find(owner, id))
                .switchIfEmpty(Mono.error(() -> ImageProblems.notFound(id)))
                .flatMap(image -> thumbnails.latest(id)
                        .switchIfEmpty(Mono.error(() -> ImageProblems.NO_THUMBNAIL.because("Image " + id + " has no "
                                + "thumbnail yet (status " + image.status() + (image.error() == null ? "" : ": " + image.error())
                                + "); it appears once processing completes"))))
                .map(key -> ResponseEntity.ok()
                        .contentType(key.endsWith(".png") ? MediaType.IMAGE_PNG : MediaType.IMAGE_JPEG)
                        // A new thumbnail gets a new key, so the key names these bytes.
                        .eTag("\"" + key.substring(key.lastIndexOf('/') + 1) + "\"")
                        .header(HttpHeaders.CACHE_CONTROL, "private, max-age=31536000, immutable")
                        .body(store.read(key)));
    }

    @Operation(operationId = "getImageOriginal", summary = "The exact bytes that were uploaded or downloaded",
            description = "Served as the type recognised from its content, named by Content-Disposition. "
                    + "Its ETag is the SHA-256 of the bytes; If-None-Match answers 304.")
    @ApiResponse(responseCode = "304", description = "The client's copy (If-None-Match) is current")
    @ApiResponse(responseCode = "200", description = "The original file",
            content = @Content(mediaType = "image/*", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "409", description = "Registered by URL and not downloaded yet",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = "#/components/schemas/Problem")))
    @GetMapping(path = "/api/images/{id}/original", produces = "image/*")
    Mono<ResponseEntity<Flux<DataBuffer>>> original(@PathVariable UUID id) {
        return Caller.currentOwner().flatMap(owner -> images.find(owner, id))
                .switchIfEmpty(Mono.error(() -> ImageProblems.notFound(id)))
                .map(image -> {
                    if (image.originalKey() == null) {
                        throw ImageProblems.NOT_STORED.because("Image " + id + " is registered by URL and has not been "
                                + "downloaded yet (status " + image.status() + "); try again once it is processed");
                    }
                    HttpHeaders headers = new HttpHeaders();
                    headers.setContentType(MediaType.parseMediaType(image.contentType()));
                    if (image.sizeBytes() != null) {
                        headers.setContentLength(image.sizeBytes());
                    }
                    headers.setContentDisposition(ContentDisposition.inline()
                            .filename(image.filename() == null ? id.toString() : image.filename(), java.nio.charset.StandardCharsets.UTF_8)
                            .build());
                    headers.setCacheControl("private, max-age=31536000, immutable");
                    // The original never changes once stored; its checksum names it (older rows have none).
                    headers.setETag("\"" + (image.sha256() != null ? image.sha256() : id.toString()) + "\"");
                    return ResponseEntity.ok().headers(headers).body(store.read(image.originalKey()));
                });
    }
}
