package dev.darkroom.gallery;

import java.util.UUID;

import org.springframework.stereotype.Component;
import dev.darkroom.image.ImageRepository;
import reactor.core.publisher.Mono;

/** Soft delete, then tell every gallery on every instance; the same for the socket and REST. */
@Component
class ImageDeletion {

    private final ImageRepository images;
    private final GalleryEvents events;

    ImageDeletion(ImageRepository images, GalleryEvents events) {
        this.images = images;
        this.events = events;
    }

    /** False if the owner has no visible image with that id (unknown, another's, or already deleted). */
    Mono<Boolean> delete(UUID owner, UUID id) {
        return images.softDelete(owner, id).doOnNext(deleted -> {
            if (deleted) {
                events.deleted(owner, id);
            }
        });
    }
}
