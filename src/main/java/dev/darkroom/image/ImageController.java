package dev.darkroom.image;

import java.util.List;
import java.util.Map;
import java.util.UUID;

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

@RestController
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

    record ImagePage(List<ImageView> images, String next) { }

    @GetMapping("/api/images")
    Mono<ImagePage> list(@RequestParam(defaultValue = "20") int limit, @RequestParam(required = false) String cursor) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw dev.darkroom.web.ProblemType.INVALID_PARAMETERS.because(
                    "limit must be between 1 and " + MAX_PAGE + ", got " + limit);
        }
        ImageRepository.Cursor after = null;
        if (cursor != null) {
            after = ImageRepository.Cursor.decode(cursor);
            if (after == null) {
                throw ImageProblems.BAD_CURSOR.because("The cursor is not one this service issued; "
                        + "pass the 'next' value of the previous page unchanged, or omit it for the first page");
            }
        }
        return images.page(after, limit + 1).collectList().map(found -> {
            boolean more = found.size() > limit;
            List<Image> page = more ? found.subList(0, limit) : found;
            String next = more ? new ImageRepository.Cursor(page.getLast().createdAt(), page.getLast().id()).encode() : null;
            return new ImagePage(page.stream().map(ImageView::of).toList(), next);
        });
    }

    @GetMapping("/api/images/{id}")
    Mono<ImageView> get(@PathVariable UUID id) {
        return images.find(id).map(ImageView::of).switchIfEmpty(Mono.error(() -> ImageProblems.notFound(id)));
    }

    /** The newest thumbnail (at most 320×320), made when the image is processed. */
    @GetMapping("/api/images/{id}/thumbnail")
    Mono<ResponseEntity<Flux<DataBuffer>>> thumbnail(@PathVariable UUID id) {
        return images.find(id)
                .switchIfEmpty(Mono.error(() -> ImageProblems.notFound(id)))
                .flatMap(image -> thumbnails.latest(id)
                        .switchIfEmpty(Mono.error(() -> ImageProblems.NO_THUMBNAIL.because("Image " + id + " has no "
                                + "thumbnail yet (status " + image.status() + (image.error() == null ? "" : ": " + image.error())
                                + "); it appears once processing completes"))))
                .map(key -> ResponseEntity.ok()
                        .contentType(key.endsWith(".png") ? MediaType.IMAGE_PNG : MediaType.IMAGE_JPEG)
                        .header(HttpHeaders.CACHE_CONTROL, "private, max-age=31536000, immutable")
                        .body(store.read(key)));
    }

    @GetMapping("/api/images/{id}/original")
    Mono<ResponseEntity<Flux<DataBuffer>>> original(@PathVariable UUID id) {
        return images.find(id)
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
                    return ResponseEntity.ok().headers(headers).body(store.read(image.originalKey()));
                });
    }
}
