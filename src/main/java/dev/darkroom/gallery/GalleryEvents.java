package dev.darkroom.gallery;

import java.util.UUID;

import reactor.core.publisher.Flux;

/**
 * Carries gallery changes between instances: an image processed by a worker shows up on the
 * galleries connected to any API instance, and a delete on one instance leaves every gallery.
 * Best effort: a client that misses one is right again at its next query.
 */
interface GalleryEvents {

    /** The owner's image completed processing, as galleries show it; non-blocking. */
    void added(UUID owner, GalleryImage image);

    /** The owner's image was soft-deleted; non-blocking. */
    void deleted(UUID owner, UUID imageId);

    /** Every event this instance receives from now on, its own included. */
    Flux<GalleryEvent> events();
}
