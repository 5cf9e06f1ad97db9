package dev.darkroom.upload;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import dev.darkroom.image.Image;
import dev.darkroom.image.ImageRepository;
import dev.darkroom.storage.ImageStore;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Removes stored originals that no row refers to. An upload whose row cannot be written deletes
 * its bytes at once; this catches what that could not (the store was down too, or a frozen store
 * wrote the bytes after the upload had given up on it). Only objects older than an hour are
 * judged, so an upload still on its way is never taken for an orphan.
 */
@Component
class OrphanedOriginals implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrphanedOriginals.class);
    static final Duration MIN_AGE = Duration.ofHours(1);
    private static final String PREFIX = "originals/";

    private final ImageStore store;
    private final ImageRepository images;
    private final UploadProperties properties;
    private volatile Disposable sweeping;

    OrphanedOriginals(ImageStore store, ImageRepository images, UploadProperties properties) {
        this.store = store;
        this.images = images;
        this.properties = properties;
    }

    /** Deletes originals older than {@code minAge} without a row; the number deleted. */
    Mono<Long> sweep(Duration minAge) {
        Instant before = Instant.now().minus(minAge);
        return store.list(PREFIX)
                .filter(stored -> stored.modified().isBefore(before))
                .mapNotNull(stored -> id(stored.key()))
                .buffer(500)
                .concatMap(batch -> images.known(batch).flatMapMany(known -> Flux.fromIterable(batch)
                        .filter(id -> !known.contains(id))
                        .concatMap(orphan -> store.delete(Image.originalKey(orphan)).thenReturn(orphan))))
                .count()
                .doOnNext(deleted -> {
                    if (deleted > 0) {
                        log.info("Removed {} stored originals that no image refers to", deleted);
                    }
                });
    }

    private static UUID id(String key) {
        try {
            return UUID.fromString(key.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void start() {
        sweeping = Flux.interval(properties.orphanSweep(), properties.orphanSweep())
                .onBackpressureDrop()
                .concatMap(tick -> sweep(MIN_AGE).onErrorResume(e -> {
                    log.debug("Looking for orphaned originals failed: {}", e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }

    @Override
    public void stop() {
        if (sweeping != null) {
            sweeping.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return sweeping != null && !sweeping.isDisposed();
    }
}
