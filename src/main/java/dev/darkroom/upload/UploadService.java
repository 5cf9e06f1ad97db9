package dev.darkroom.upload;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.stereotype.Service;
import dev.darkroom.image.Image;
import dev.darkroom.image.ImageFormat;
import dev.darkroom.image.ImageHeader;
import dev.darkroom.image.ImageRepository;
import dev.darkroom.storage.ImageStore;
import dev.darkroom.web.ApiException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Takes files from the wire into storage ({@link #stage}) and the database ({@link #commit}, a
 * request's files together). The bytes flow from Netty through {@link UploadStream} into the
 * store: a file of up to 5 MiB whole, in one request, a larger one in parts of 5 MiB; beyond that
 * only the head of the file is kept, for recognising the type and reading the dimensions.
 */
@Service
public class UploadService {

    /** Buffers requested from Netty ahead of the reader: bounded memory, steady throughput. */
    private static final int PREFETCH_BUFFERS = 16;

    /**
     * Files up to this size are read whole before they are stored: one request of known length
     * to the store, and the bytes stay at hand for the processing that follows (the store keeps
     * them a while). No more memory than a streamed upload holds, whose store client buffers a
     * multipart part of this size.
     */
    private static final int WHOLE_FILE = 5 * 1024 * 1024;

    private record Recognised(ImageFormat format, byte[] whole) { }

    private final ImageStore store;
    private final ImageRepository images;
    private final UploadProperties properties;
    private final org.springframework.beans.factory.ObjectProvider<UploadListener> listeners;

    private final io.micrometer.core.instrument.MeterRegistry metrics;
    private final org.springframework.transaction.reactive.TransactionalOperator transaction;

    UploadService(ImageStore store, ImageRepository images, UploadProperties properties,
                  org.springframework.beans.factory.ObjectProvider<UploadListener> listeners,
                  io.micrometer.core.instrument.MeterRegistry metrics,
                  org.springframework.transaction.reactive.TransactionalOperator transaction) {
        this.metrics = metrics;
        this.transaction = transaction;
        this.store = store;
        this.images = images;
        this.properties = properties;
        this.listeners = listeners;
    }

    /** What was stored under an image's original key, as the checks on the way found it. */
    public record StoredOriginal(String filename, ImageFormat format, long sizeBytes, ImageHeader header, String sha256) { }

    /** An upload's outcome: the image, and whether it was already stored (the same bytes, same owner). */
    public record Upload(Image image, boolean duplicate) { }

    /** A file stored and checked, its row not yet written: see {@link #commit}. */
    public record Staged(UUID id, StoredOriginal original) { }

    /**
     * Stores one uploaded file as a new image. Errors with an {@link ApiException}: 415 or 422
     * when this file is refused (the rest of the file has then been read and dropped, so a
     * multipart request can go on with its next part), 413 when it is over the size limit (the
     * request cannot go on).
     */
    public Mono<Image> store(UUID owner, String filename, Flux<DataBuffer> content) {
        return stage(filename, content).flatMap(staged -> commit(owner, List.of(staged), false)).map(done -> done.getFirst().image());
    }

    /**
     * The first half of an upload: the file streamed into storage through every check. Its row is
     * written by {@link #commit}, which takes the files of a request together, so that a request
     * of ten files costs one transaction and not ten.
     */
    public Mono<Staged> stage(String filename, Flux<DataBuffer> content) {
        UUID id = UUID.randomUUID();
        return storeOriginal(id, filename, content).map(stored -> new Staged(id, stored))
                .doOnError(ApiException.class, refused ->
                        metrics.counter("darkroom.uploads", "outcome", "refused", "reason", refused.type().slug()).increment());
    }

    /**
     * Writes the rows of staged files in one transaction, with what upload listeners write (the
     * photo-processor's messages), and answers in the order given. With {@code reuseDuplicate},
     * bytes the owner has stored before (same SHA-256, image not deleted), or that came earlier in
     * this same list, answer with that image, and the copy just stored is dropped. The checksum is
     * only known once a file has been read, so the copy is written first: the usual case, a new
     * file, then costs nothing extra. When the rows cannot be written, none of these files' bytes
     * are left behind.
     */
    public Mono<List<Upload>> commit(UUID owner, List<Staged> staged, boolean reuseDuplicate) {
        if (staged.isEmpty()) {
            return Mono.just(List.of());
        }
        Mono<Map<String, Image>> earlier = reuseDuplicate
                ? images.findByChecksums(owner, staged.stream().map(file -> file.original().sha256()).toList())
                : Mono.just(Map.of());
        return earlier.flatMap(found -> {
            // Per file: the checksum of the image it turns out to be, and whether that is a new row.
            Map<String, UUID> firstOfChecksum = new HashMap<>();
            List<ImageRepository.Original> fresh = new ArrayList<>();
            List<UUID> dropped = new ArrayList<>();
            for (Staged file : staged) {
                StoredOriginal stored = file.original();
                if (reuseDuplicate && (found.containsKey(stored.sha256()) || firstOfChecksum.containsKey(stored.sha256()))) {
                    dropped.add(file.id());
                } else {
                    firstOfChecksum.put(stored.sha256(), file.id());
                    fresh.add(new ImageRepository.Original(file.id(), stored.filename(), stored.format(), stored.sizeBytes(),
                            stored.header(), stored.sha256()));
                }
            }
            Mono<List<Image>> inserted = fresh.isEmpty() ? Mono.just(List.of()) : insert(owner, fresh);
            return inserted.flatMap(rows -> {
                Map<UUID, Image> byId = new HashMap<>();
                rows.forEach(row -> byId.put(row.id(), row));
                List<Upload> answers = new ArrayList<>(staged.size());
                for (Staged file : staged) {
                    Image own = byId.get(file.id());
                    answers.add(own != null ? new Upload(own, false)
                            : new Upload(found.getOrDefault(file.original().sha256(),
                                    byId.get(firstOfChecksum.get(file.original().sha256()))), true));
                }
                answers.forEach(this::count);
                return Flux.fromIterable(dropped).concatMap(id -> store.delete(Image.originalKey(id)).onErrorComplete())
                        .then(Mono.just(answers));
            });
        });
    }

    /** Looked up once, on first use: from the bean factory each time, they cost more than they do. */
    private List<UploadListener> listeners() {
        List<UploadListener> known = resolvedListeners;
        if (known == null) {
            resolvedListeners = known = listeners.orderedStream().toList();
        }
        return known;
    }

    private volatile List<UploadListener> resolvedListeners;

    private void count(Upload upload) {
        metrics.counter("darkroom.uploads", "outcome", upload.duplicate() ? "duplicate" : "stored").increment();
        if (!upload.duplicate()) {
            metrics.summary("darkroom.upload.size", "format", upload.image().contentType()).record(upload.image().sizeBytes());
        }
    }

    private Mono<List<Image>> insert(UUID owner, List<ImageRepository.Original> originals) {
        return images.insertUploaded(owner, originals).collectList()
                .flatMap(rows -> Flux.fromIterable(listeners())
                        .concatMap(listener -> listener.uploaded(rows))
                        .then(Mono.just(rows)))
                .as(transaction::transactional)
                // No rows, no use for the bytes: leave no orphan behind (the database may be down).
                .onErrorResume(e -> Flux.fromIterable(originals)
                        .concatMap(original -> store.delete(Image.originalKey(original.id())).onErrorComplete())
                        .then(Mono.error(e)));
    }

    /**
     * Streams bytes into the original of image {@code id} through the same checks as an upload:
     * type by magic bytes, size limit, header dimensions and pixel limit. Nothing is left in the
     * store when a check fails.
     */
    public Mono<StoredOriginal> storeOriginal(UUID id, String filename, Flux<DataBuffer> content) {
        String key = Image.originalKey(id);
        String name = cleanName(filename);
        long limit = properties.maxFileSize().toBytes();
        return Mono.using(
                () -> new UploadStream(DataBufferUtils.subscriberInputStream(content, PREFETCH_BUFFERS), limit),
                upload -> Mono.fromCallable(() -> {
                            ImageFormat format = recognise(upload, name);
                            return new Recognised(format, upload.readWhole(WHOLE_FILE));
                        })
                        .subscribeOn(Schedulers.boundedElastic())
                        .flatMap(recognised -> {
                            ImageFormat format = recognised.format();
                            return (recognised.whole() != null
                                            ? store.put(key, recognised.whole(), format.mediaType())
                                            : store.put(key, upload, format.mediaType()))
                                    .then(Mono.defer(() -> checkSize(upload, key, name)))
                                    .then(probe(format, upload, key, name))
                                    .flatMap(header -> checkPixels(header, key, name))
                                    .map(header -> new StoredOriginal(name, format, upload.size(), header, upload.sha256Hex()))
                                    .onErrorResume(e -> !(e instanceof ApiException),
                                            e -> store.delete(key).onErrorComplete().then(Mono.error(e)));
                        }),
                UploadService::closeQuietly);
    }

    /** Closing cancels what Netty still has of this part; there is nothing left to report. */
    private static void closeQuietly(UploadStream upload) {
        try {
            upload.close();
        } catch (IOException ignored) {
            // the request is over either way
        }
    }

    private static ImageFormat recognise(UploadStream upload, String name) throws IOException {
        byte[] magic = upload.peek(ImageFormat.MAGIC_LENGTH);
        if (magic.length == 0) {
            throw UploadProblems.EMPTY.because("'" + name + "' is empty (0 bytes); choose the image file again")
                    .with("filename", name);
        }
        return ImageFormat.sniff(upload.peek(32)).orElseGet(() -> {
            try {
                upload.discardRest();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            throw UploadProblems.NOT_AN_IMAGE.because("'" + name + "' is not a JPEG, PNG, GIF, BMP, TIFF or WebP image "
                    + "(judged by its content, not its name); convert it to one of those").with("filename", name);
        });
    }

    private Mono<Void> checkSize(UploadStream upload, String key, String name) {
        if (!upload.exceeded()) {
            return Mono.empty();
        }
        return store.delete(key).onErrorComplete().then(Mono.error(UploadProblems.TOO_LARGE.because(
                "'" + name + "' is larger than the limit of " + properties.maxFileSize().toMegabytes()
                        + " MB; resize or recompress it first").with("filename", name)
                .with("maxBytes", properties.maxFileSize().toBytes())));
    }

    private Mono<ImageHeader> probe(ImageFormat format, UploadStream upload, String key, String name) {
        return Mono.defer(() -> ImageHeader.fromHead(format, upload.head())
                .map(Mono::just)
                // A header beyond the kept head (TIFF may put it at the end): spool the stored file to
                // disk and seek in it. Reading it as a stream would make ImageIO cache all of it in memory.
                .orElseGet(() -> Mono.fromCallable(() -> {
                    java.nio.file.Path spooled = java.nio.file.Files.createTempFile("darkroom-header-", ".bin");
                    try {
                        try (InputStream in = DataBufferUtils.subscriberInputStream(store.read(key), 4)) {
                            java.nio.file.Files.copy(in, spooled, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        }
                        return ImageHeader.read(format, spooled);
                    } finally {
                        java.nio.file.Files.deleteIfExists(spooled);
                    }
                }).subscribeOn(Schedulers.boundedElastic())))
                .onErrorResume(IOException.class, e -> store.delete(key).onErrorComplete().then(Mono.error(
                        UploadProblems.UNREADABLE.because("'" + name + "' looks like a " + format + " file but its header "
                                + "cannot be read (" + e.getMessage() + "); the file is probably damaged")
                                .with("filename", name))));
    }

    private Mono<ImageHeader> checkPixels(ImageHeader header, String key, String name) {
        if (header.pixels() <= properties.maxPixels()) {
            return Mono.just(header);
        }
        return store.delete(key).onErrorComplete().then(Mono.error(UploadProblems.TOO_MANY_PIXELS.because(
                "'" + name + "' is " + header.width() + "x" + header.height() + " (" + megapixels(header.pixels())
                        + " MP); the limit is " + megapixels(properties.maxPixels()) + " MP. Scale it down first")
                .with("filename", name).with("maxPixels", properties.maxPixels())));
    }

    private static String megapixels(long pixels) {
        return String.format(java.util.Locale.ROOT, "%.1f", pixels / 1e6);
    }

    /** Browsers may send a full client path; keep the last segment, printable and bounded. */
    static String cleanName(String filename) {
        if (filename == null || filename.isBlank()) {
            return "upload";
        }
        String name = filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1)
                .replaceAll("\\p{Cntrl}", "").strip();
        if (name.isEmpty()) {
            return "upload";
        }
        return name.length() > 255 ? name.substring(0, 255) : name;
    }
}
