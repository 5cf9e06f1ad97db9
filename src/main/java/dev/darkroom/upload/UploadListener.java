package dev.darkroom.upload;

import java.util.List;

import dev.darkroom.image.Image;
import reactor.core.publisher.Mono;

/**
 * Told of stored uploads, a request's files together, inside the transaction that writes their
 * rows: what a listener writes (the photo-processor's queue messages) commits with the uploads or
 * not at all.
 */
@FunctionalInterface
public interface UploadListener {

    Mono<Void> uploaded(List<Image> images);
}
