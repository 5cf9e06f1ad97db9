package dev.darkroom.storage;

import java.io.InputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps the objects this instance has just written from memory, up to a byte budget, so that
 * reading one back soon after is no round trip to the store. An upload is read back within
 * moments by the photo processor or a job on the same instance; without this, every photo cost
 * a GET of the original, paid twice in CPU (the client's request, and the embedded server's
 * answer). Objects are never changed under a key (originals and results have a new key each
 * time), so a kept copy cannot go stale; a delete through this instance drops it. Another
 * instance's delete does not, which is harmless: a deleted image's row says so before its
 * bytes are read.
 *
 * <p>What goes when the budget is full is chosen for a queue, not for a cache of favourites.
 * Uploads are read back in the order they came, and in a bulk upload they run ahead of the
 * processing: evicting the least recently used then threw out exactly the objects about to be
 * read, to keep the newest, read last and evicted before then, so nearly every read missed.
 * Objects already read go first (least recently used first); an object not yet read is given
 * up only once it has waited {@code patience} (something nobody reads, such as a result never
 * downloaded, must not hold the memory for good); and while every byte is held by unread
 * objects younger than that, a new object is not kept: it is read from the store later, and
 * those ahead of it still are not. An object written as maybe never read (a thumbnail) is kept
 * as if read already: while there is room, and first to go.
 *
 * <p>Byte arrays handed in and out are shared, not copied: callers must not change them.
 */
final class RecentlyStored implements ImageStore {

    private record Kept(byte[] bytes, long storedAt) { }

    private final ImageStore store;
    private final long budget;
    private final long patienceNanos;
    private final LongSupplier nanoClock;
    /** Not read yet, oldest first. */
    private final LinkedHashMap<String, Kept> unread = new LinkedHashMap<>();
    /** Read at least once, in access order, so the least recently used is evicted first. */
    private final LinkedHashMap<String, Kept> read = new LinkedHashMap<>(64, 0.75f, true);
    private long keptBytes;
    private final Counter hits;
    private final Counter misses;
    private final Counter refused;

    RecentlyStored(ImageStore store, long budget, MeterRegistry metrics) {
        this(store, budget, Duration.ofMinutes(2), System::nanoTime, metrics);
    }

    RecentlyStored(ImageStore store, long budget, Duration patience, LongSupplier nanoClock, MeterRegistry metrics) {
        this.store = store;
        this.budget = budget;
        this.patienceNanos = patience.toNanos();
        this.nanoClock = nanoClock;
        this.hits = Counter.builder("darkroom.storage.recent").tag("outcome", "hit")
                .description("Reads answered from the objects this instance wrote lately").register(metrics);
        this.misses = Counter.builder("darkroom.storage.recent").tag("outcome", "miss")
                .description("Reads that went to the store").register(metrics);
        this.refused = Counter.builder("darkroom.storage.recent.refused")
                .description("Objects written and not kept, because unread ones held the whole budget")
                .register(metrics);
    }

    @Override
    public Mono<Void> put(String key, InputStream content, String contentType) {
        return store.put(key, content, contentType);
    }

    @Override
    public Mono<Void> put(String key, byte[] content, String contentType) {
        // Kept only once stored: a failed write must not be readable here.
        return store.put(key, content, contentType).doOnSuccess(done -> keep(key, content, unread));
    }

    @Override
    public Mono<Void> putMaybeRead(String key, byte[] content, String contentType) {
        return store.put(key, content, contentType).doOnSuccess(done -> keep(key, content, read));
    }

    @Override
    public Flux<DataBuffer> read(String key) {
        byte[] bytes = lookup(key);
        return bytes != null ? Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(bytes)) : store.read(key);
    }

    @Override
    public Mono<byte[]> readAllBytes(String key) {
        return Mono.defer(() -> {
            byte[] bytes = lookup(key);
            return bytes != null ? Mono.just(bytes) : store.readAllBytes(key);
        });
    }

    @Override
    public Mono<Void> delete(String key) {
        return Mono.fromRunnable(() -> forget(key)).then(store.delete(key));
    }

    @Override
    public Flux<Stored> list(String prefix) {
        return store.list(prefix);
    }

    @Override
    public Mono<Void> check() {
        return store.check();
    }

    /** Into {@code segment}: {@link #unread} for an object awaited, {@link #read} for one that may not be. */
    private synchronized void keep(String key, byte[] content, Map<String, Kept> segment) {
        forget(key);
        if (content.length > budget / 4) {
            return;   // one large object would push out everything else for one read
        }
        evict(read.entrySet().iterator(), content.length, Long.MAX_VALUE);
        evict(unread.entrySet().iterator(), content.length, nanoClock.getAsLong() - patienceNanos);
        if (keptBytes + content.length > budget) {
            refused.increment();
            return;
        }
        segment.put(key, new Kept(content, nanoClock.getAsLong()));
        keptBytes += content.length;
    }

    /** Evicts from the front of {@code entries}, stored before {@code storedBefore}, until {@code room} fits. */
    private void evict(Iterator<Map.Entry<String, Kept>> entries, long room, long storedBefore) {
        while (keptBytes + room > budget && entries.hasNext()) {
            Kept next = entries.next().getValue();
            if (next.storedAt() - storedBefore >= 0) {
                return;
            }
            keptBytes -= next.bytes().length;
            entries.remove();
        }
    }

    private synchronized byte[] lookup(String key) {
        Kept kept = unread.remove(key);
        if (kept != null) {
            read.put(key, kept);
        } else {
            kept = read.get(key);
        }
        (kept != null ? hits : misses).increment();
        return kept != null ? kept.bytes() : null;
    }

    private synchronized void forget(String key) {
        Kept before = unread.remove(key);
        if (before == null) {
            before = read.remove(key);
        }
        keptBytes -= before == null ? 0 : before.bytes().length;
    }

    /** Bytes held now; for tests and the log. */
    synchronized long keptBytes() {
        return keptBytes;
    }

    @Override
    public void close() {
        store.close();
    }
}
