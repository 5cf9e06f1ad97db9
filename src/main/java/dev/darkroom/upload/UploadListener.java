package dev.darkroom.upload;

import dev.darkroom.image.Image;
import reactor.core.publisher.Mono;

/**
 * Told of every stored upload, inside the transaction that writes its row: what a listener
 * writes (the photo-processor's queue message) commits with the upload or not at all.
 */
@FunctionalInterface
public interface UploadListener {

    Mono<Void> uploaded(Image image);
}
