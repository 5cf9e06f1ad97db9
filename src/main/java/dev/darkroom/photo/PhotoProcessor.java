package dev.darkroom.photo;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import dev.darkroom.image.Image;
import dev.darkroom.image.ImageDecoder;
import dev.darkroom.image.ImageEncoder;
import dev.darkroom.image.ImageRepository;
import dev.darkroom.job.JobQueue;
import dev.darkroom.operation.DecodeHint;
import dev.darkroom.operation.DominantColors;
import dev.darkroom.operation.Progress;
import dev.darkroom.storage.ImageStore;
import dev.darkroom.system.InstanceProperties;
import dev.darkroom.upload.UploadService;
import dev.darkroom.web.ApiException;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;

/**
 * The photo-processor consumer, per message: status processing; the original (downloaded for a
 * URL photo, through the same checks as an upload); a thumbnail of at most 320×320 stored with its
 * {@code photo_thumbnails} row; the dominant colours; status completed, or failed with the
 * reason. Acknowledged only once that outcome is saved.
 */
@Component
class PhotoProcessor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PhotoProcessor.class);

    private final JobQueue queue;
    private final ImageRepository images;
    private final PhotoRepository photos;
    private final ImageStore store;
    private final ImageDownloader downloader;
    private final UploadService uploads;
    private final Scheduler conversions;
    private final PhotoProperties properties;
    private final InstanceProperties instance;
    private final ObjectProvider<PhotoListener> listeners;
    private volatile Disposable consuming;

    PhotoProcessor(@Qualifier("photoQueue") JobQueue photoQueue, ImageRepository images, PhotoRepository photos,
                   ImageStore store, ImageDownloader downloader, UploadService uploads, Scheduler conversionScheduler,
                   PhotoProperties properties, InstanceProperties instance, ObjectProvider<PhotoListener> listeners) {
        this.queue = photoQueue;
        this.images = images;
        this.photos = photos;
        this.store = store;
        this.downloader = downloader;
        this.uploads = uploads;
        this.conversions = conversionScheduler;
        this.properties = properties;
        this.instance = instance;
        this.listeners = listeners;
    }

    @Override
    public void start() {
        if (!instance.role().runsJobs()) {
            return;
        }
        consuming = queue.deliveries(properties.concurrency())
                .flatMap(this::handle, properties.concurrency())
                .doOnError(e -> log.warn("Photo consumer interrupted, reconnecting: {}", e.toString()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500)).maxBackoff(Duration.ofSeconds(10)))
                .subscribe();
    }

    Mono<Void> handle(JobQueue.Delivery delivery) {
        UUID id = delivery.id();
        if (id == null) {
            log.warn("Dropping a photo-processor message that names no photo");
            delivery.reject();
            return Mono.empty();
        }
        return images.startProcessing(id)
                .flatMap(photo -> process(photo)
                        .then(images.complete(id))
                        .doOnNext(done -> listeners.orderedStream().forEach(listener -> listener.completed(done)))
                        .then()
                        .onErrorResume(e -> !isInfrastructureFault(e), e -> {
                            log.info("Photo {} failed: {}", id, reason(e));
                            return images.fail(id, reason(e));
                        })
                        .thenReturn(true))
                .switchIfEmpty(Mono.fromRunnable(() ->
                        log.info("Photo {} is already completed, deleted or unknown; acknowledging", id)))
                .then(Mono.fromRunnable(delivery::ack))
                .onErrorResume(e -> {
                    log.error("Could not record the outcome of photo {}; requeueing", id, e);
                    return Mono.delay(Duration.ofSeconds(1)).then(Mono.fromRunnable(delivery::requeue));
                })
                .then();
    }

    private record Processed(BufferedImage thumbnail, byte[] encoded, ImageEncoder.Format format,
                             List<DominantColors.Colour> colours) { }

    private Mono<Void> process(Image photo) {
        int size = properties.thumbnailSize();
        return original(photo)
                .flatMap(stored -> store.readAllBytes(stored.originalKey()))
                .publishOn(conversions)
                .map(bytes -> {
                    BufferedImage decoded = ImageDecoder.decode(bytes, DecodeHint.fitInside(size, size), Progress.NONE);
                    BufferedImage thumbnail = dev.darkroom.operation.Thumbnail.fit(decoded, size, size, Progress.NONE);
                    ImageEncoder.Format format = thumbnail.getColorModel().hasAlpha()
                            ? ImageEncoder.Format.PNG : ImageEncoder.Format.JPEG;
                    return new Processed(thumbnail, ImageEncoder.encode(thumbnail, format, 85, Progress.NONE), format,
                            DominantColors.of(decoded));
                })
                .flatMap(done -> {
                    UUID thumbnailId = UUID.randomUUID();
                    String key = "thumbnails/" + photo.id() + "/" + thumbnailId + "." + done.format().extension();
                    return store.put(key, done.encoded(), done.format().mediaType())
                            .then(photos.addThumbnail(thumbnailId, photo.id(), done.thumbnail().getWidth(),
                                    done.thumbnail().getHeight(), key))
                            .then(photos.replaceColours(photo.id(), done.colours()));
                });
    }

    /** The stored original; for a photo registered by URL, downloaded and stored first. */
    private Mono<Image> original(Image photo) {
        if (photo.originalKey() != null) {
            return Mono.just(photo);
        }
        return downloader.download(URI.create(photo.url().strip()), (name, body) -> uploads.storeOriginal(photo.id(), name, body))
                .flatMap(stored -> images.attachOriginal(photo.id(), stored.filename(), stored.format(),
                        stored.sizeBytes(), stored.header()));
    }

    private static boolean isInfrastructureFault(Throwable e) {
        return e instanceof org.springframework.dao.DataAccessException || e instanceof io.r2dbc.spi.R2dbcException
                || e instanceof dev.darkroom.storage.StorageException;
    }

    private static String reason(Throwable e) {
        return switch (e) {
            case ImageDownloader.DownloadException refused -> "download failed: " + refused.getMessage();
            case ApiException refused -> refused.getMessage();
            case dev.darkroom.image.UnreadableImageException unreadable -> unreadable.getMessage();
            default -> "processing failed: " + e;
        };
    }

    @Override
    public void stop() {
        if (consuming != null) {
            consuming.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return consuming != null && !consuming.isDisposed();
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE / 2;
    }
}
