package dev.darkroom.photo;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import dev.darkroom.image.Image;
import dev.darkroom.image.ImageDecoder;
import dev.darkroom.image.ImageEncoder;
import dev.darkroom.image.ImageRepository;
import dev.darkroom.messaging.Faults;
import dev.darkroom.messaging.Work;
import dev.darkroom.messaging.WorkQueue;
import dev.darkroom.work.Conversions;
import dev.darkroom.work.Footprint;
import dev.darkroom.work.Run;
import dev.darkroom.work.Runs;
import dev.darkroom.work.WorkFailure;
import dev.darkroom.work.WorkStopped;
import dev.darkroom.operation.DecodeHint;
import dev.darkroom.operation.DominantColors;
import dev.darkroom.operation.Progress;
import dev.darkroom.storage.ImageStore;
import dev.darkroom.storage.ObjectNotFoundException;
import dev.darkroom.web.ApiException;
import reactor.core.publisher.Mono;

/**
 * The photo-processor's work, per message (the messaging consumer loop is around it): status
 * processing; the stored original (a URL photo's is downloaded first by the {@link DownloadStage}); a
 * thumbnail of at most 320×320 stored with its {@code photo_thumbnails} row; the dominant
 * colours; status completed, or failed with the reason.
 */
@Component
class PhotoProcessor implements Work {

    private static final Logger log = LoggerFactory.getLogger(PhotoProcessor.class);

    private final ImageRepository images;
    private final PhotoRepository photos;
    private final ImageStore store;
    private final ObjectProvider<WorkQueue> downloads;
    private final Conversions conversions;
    private final Runs runs;
    private final PhotoProperties properties;
    private final ObjectProvider<PhotoListener> listeners;

    PhotoProcessor(ImageRepository images, PhotoRepository photos, ImageStore store,
                   @Qualifier("downloadQueue") ObjectProvider<WorkQueue> downloads, Conversions conversions, Runs photoRuns, PhotoProperties properties,
                   ObjectProvider<PhotoListener> listeners) {
        this.images = images;
        this.photos = photos;
        this.store = store;
        this.downloads = downloads;
        this.conversions = conversions;
        this.runs = photoRuns;
        this.properties = properties;
        this.listeners = listeners;
    }

    /**
     * Empty when the photo has ended, is deleted, unknown, or held by another worker. A photo
     * registered by URL and not yet downloaded goes to the download stage first and comes back
     * with its original, so that waiting on a remote server never holds one of these slots.
     */
    @Override
    public Mono<Boolean> process(UUID id, Attempt attempt) {
        // The original is read while the photo is claimed, not after: both are round trips, and a
        // slot that waited on them in turn left its core idle. A failed claim wastes the read,
        // which is rare (the photo ended, was deleted, or another worker holds it).
        Mono<Optional<byte[]>> original = store.readAllBytes(Image.originalKey(id)).map(Optional::of)
                .onErrorResume(ObjectNotFoundException.class, notYet -> Mono.just(Optional.empty()));
        return Mono.zip(images.startProcessingStored(id, attempt.redelivered()).map(Optional::of)
                                .defaultIfEmpty(Optional.empty()), original)
                .flatMap(claimed -> claimed.getT1().map(photo -> processStored(photo, claimed.getT2())).orElseGet(Mono::empty))
                .switchIfEmpty(Mono.defer(() -> images.find(id)
                        .filter(found -> found.originalKey() == null)
                        .flatMap(found -> downloads.getObject().publish(List.of(id)).thenReturn(true))));
    }

    private Mono<Boolean> processStored(Image photo, Optional<byte[]> original) {
        UUID id = photo.id();
        Run run = runs.start(id, "processing the photo", properties.deadline());
        return process(photo, original, run)
                .as(run::within)
                .filter(done -> !done.completed().deleted())
                .doOnNext(done -> listeners().forEach(listener ->
                        listener.completed(done.completed().image(), done.thumbnail(), done.colours())))
                .then()
                .onErrorResume(e -> !Faults.isInfrastructure(e), e -> {
                    log.info("Photo {} failed: {}", id, reason(e));
                    return images.fail(id, reason(e));
                })
                .doFinally(signal -> runs.end(id))
                .thenReturn(true);
    }

    /**
     * Looked up once, on first use rather than at construction (a listener may depend on what
     * depends on this): resolving them from the bean factory for every photo cost more than
     * telling them.
     */
    private List<PhotoListener> listeners() {
        List<PhotoListener> known = resolvedListeners;
        if (known == null) {
            resolvedListeners = known = listeners.orderedStream().toList();
        }
        return known;
    }

    private volatile List<PhotoListener> resolvedListeners;

    @Override
    public Mono<String> giveUp(UUID id, int deliveries) {
        return images.processing().giveUp(id, deliveries).doOnNext(error -> log.warn("Photo {} failed: {}", id, error));
    }

    @Override
    public Mono<Void> fail(UUID id, String reason) {
        return images.fail(id, reason);
    }

    private record Processed(BufferedImage thumbnail, byte[] encoded, ImageEncoder.Format format,
                             List<DominantColors.Colour> colours) { }

    private record Done(PhotoRepository.Completed completed, Thumbnail thumbnail, List<DominantColors.Colour> colours) { }

    /** The photo as completed; empty if it was no longer processing (taken over). */
    private Mono<Done> process(Image photo, Optional<byte[]> original, Run run) {
        int size = properties.thumbnailSize();
        DecodeHint hint = DecodeHint.fitInside(size, size);
        Image stored = photo;
        return original.map(Mono::just).orElseGet(() -> store.readAllBytes(stored.originalKey()))
                .flatMap(bytes -> conversions.run(stored.describe(),
                                Footprint.of(stored.width(), stored.height(), hint, 3, bytes.length), run, () -> {
                            runs.stage(photo.id(), "decoding " + stored.describe());
                            BufferedImage decoded = ImageDecoder.decode(bytes, hint, run.guard(Progress.NONE));
                            run.checkpoint();
                            runs.stage(photo.id(), "making its thumbnail");
                            BufferedImage thumbnail = dev.darkroom.operation.Thumbnail.fit(decoded, size, size, Progress.NONE);
                            ImageEncoder.Format format = thumbnail.getColorModel().hasAlpha()
                                    ? ImageEncoder.Format.PNG : ImageEncoder.Format.JPEG;
                            return new Processed(thumbnail, ImageEncoder.encode(thumbnail, format, 85, Progress.NONE), format,
                                    // From the thumbnail, as Pillow users quantise theirs: its 320 pixels a
                                    // side keep every colour that matters, at a fraction of the pixels.
                                    DominantColors.of(thumbnail));
                        }))
                .flatMap(done -> {
                    UUID thumbnailId = UUID.randomUUID();
                    // One level of names: on a filesystem-backed store (the embedded server) a
                    // folder per photo cost a mkdir per photo.
                    String key = "thumbnails/" + photo.id() + "-" + thumbnailId + "." + done.format().extension();
                    Thumbnail thumbnail = new Thumbnail(thumbnailId, photo.id(),
                            done.thumbnail().getWidth(), done.thumbnail().getHeight(), key, null);
                    return store.putMaybeRead(key, done.encoded(), done.format().mediaType())
                            .then(photos.complete(photo.id(), thumbnail, done.colours()))
                            .map(completed -> new Done(completed, thumbnail, done.colours()));
                });
    }

    private static String reason(Throwable e) {
        return switch (e) {
            case ImageDownloader.DownloadException refused -> "download failed: " + refused.getMessage();
            case ApiException refused -> refused.getMessage();
            case dev.darkroom.image.UnreadableImageException unreadable -> unreadable.getMessage();
            case WorkFailure failure -> failure.getMessage();
            case WorkStopped stopped -> stopped.getMessage();
            default -> dev.darkroom.work.WorkFailure.unexpected(e);
        };
    }
}
