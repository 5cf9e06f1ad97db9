package dev.darkroom.gallery;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Gallery events made ready to send, once per instance however many galleries are open, and only
 * while at least one is. An added image comes in its event; one sent without it is read from the
 * database.
 */
@Component
class GalleryFeed {

    private static final Logger log = LoggerFactory.getLogger(GalleryFeed.class);

    /** An update for the galleries of {@code owner} alone. */
    sealed interface Update {
        UUID owner();

        record Added(UUID owner, GalleryImage image) implements Update { }

        record Deleted(UUID owner, UUID id) implements Update { }
    }

    private final Flux<Update> updates;

    GalleryFeed(GalleryEvents events, GalleryRepository gallery) {
        this.updates = events.events()
                .concatMap(event -> switch (event.kind()) {
                    case deleted -> Mono.just(new Update.Deleted(event.owner(), event.imageId()));
                    case added -> event.image() != null
                            ? Mono.just(new Update.Added(event.owner(), event.image()))
                            // Empty if deleted again meanwhile: then its deleted event follows anyway.
                            : gallery.find(event.imageId())
                            .<Update>map(image -> new Update.Added(event.owner(), image))
                            .onErrorResume(e -> {
                                log.warn("Could not read added image {} for the galleries: {}", event.imageId(), e.toString());
                                return Mono.empty();
                            });
                })
                .share();
    }

    Flux<Update> updates() {
        return updates;
    }
}
