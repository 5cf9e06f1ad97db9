package dev.darkroom.photo;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.darkroom.image.Image;
import dev.darkroom.image.ImageRepository;
import dev.darkroom.image.PhotoStatus;
import dev.darkroom.image.UnreadableImageException;
import dev.darkroom.messaging.Faults;
import dev.darkroom.messaging.Work;
import dev.darkroom.messaging.WorkQueue;
import dev.darkroom.upload.UploadService;
import dev.darkroom.web.ApiException;
import reactor.core.publisher.Mono;

/**
 * The download stage of a photo registered by URL, on its own queue ({@code darkroom.import.queue})
 * so that a slow or trickling server holds a download slot, never a photo slot: the photo queue
 * sends every photo without an original here, and this stage sends it back once its original is
 * stored. The queue's concurrency is the global download limit of an instance, and
 * {@link HostPermits} the limit per host within it. The photo stays pending meanwhile.
 */
final class DownloadStage implements Work {

    private static final Logger log = LoggerFactory.getLogger(DownloadStage.class);

    private final ImageRepository images;
    private final ImageDownloader downloader;
    private final UploadService uploads;
    private final HostPermits hosts;
    private final WorkQueue photoQueue;
    /** Photos downloading or waiting for their host here: a republished message for one is a duplicate. */
    private final Set<UUID> inHand = ConcurrentHashMap.newKeySet();

    DownloadStage(ImageRepository images, ImageDownloader downloader, UploadService uploads, HostPermits hosts,
                  WorkQueue photoQueue) {
        this.images = images;
        this.downloader = downloader;
        this.uploads = uploads;
        this.hosts = hosts;
        this.photoQueue = photoQueue;
    }

    @Override
    public Mono<?> process(UUID id, Attempt attempt) {
        return images.find(id)
                .filter(photo -> photo.status() == PhotoStatus.pending)
                .flatMap(photo -> photo.originalKey() != null ? toProcessing(id)
                        : inHand.add(id) ? download(photo).doFinally(signal -> inHand.remove(id)) : Mono.empty());
    }

    private Mono<Boolean> download(Image photo) {
        URI url = URI.create(photo.url().strip());
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        return hosts.with(host, () -> downloader.download(url, (name, body) -> uploads.storeOriginal(photo.id(), name, body))
                        .flatMap(stored -> images.attachOriginal(photo.id(), stored.filename(), stored.format(),
                                stored.sizeBytes(), stored.header(), stored.sha256())))
                .then(toProcessing(photo.id()))
                .onErrorResume(e -> !Faults.isInfrastructure(e) && isTheDownloads(e), e -> {
                    String reason = e instanceof ImageDownloader.DownloadException ? "download failed: " + e.getMessage() : e.getMessage();
                    log.info("Photo {} failed: {}", photo.id(), reason);
                    return images.fail(photo.id(), reason).thenReturn(true);
                });
    }

    private static boolean isTheDownloads(Throwable e) {
        return e instanceof ImageDownloader.DownloadException || e instanceof ApiException || e instanceof UnreadableImageException;
    }

    /** Confirmed by the broker before this message is acknowledged, so the photo cannot be lost between queues. */
    private Mono<Boolean> toProcessing(UUID id) {
        return photoQueue.publish(List.of(id)).thenReturn(true);
    }

    @Override
    public Mono<?> giveUp(UUID id, int deliveries) {
        return images.processing().giveUp(id, deliveries);
    }

    @Override
    public Mono<?> fail(UUID id, String reason) {
        return images.fail(id, reason);
    }
}
