package dev.darkroom.storage;

import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

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
 * <p>Byte arrays handed in and out are shared, not copied: callers must not change them.
 */
final class RecentlyStored implements ImageStore {

    private final ImageStore store;
    private final long budget;
    /** In access order, so the least recently used is evicted first. */
    private final LinkedHashMap<String, byte[]> kept = new LinkedHashMap<>(64, 0.75f, true);
    private long keptBytes;
    private final Counter hits;
    private final Counter misses;

    RecentlyStored(ImageStore store, long budget, MeterRegistry metrics) {
        this.store = store;
        this.budget = budget;
        this.hits = Counter.builder("darkroom.storage.recent").tag("outcome", "hit")
                .description("Reads answered from the objects this instance wrote lately").register(metrics);
        this.misses = Counter.builder("darkroom.storage.recent").tag("outcome", "miss")
                .description("Reads that went to the store").register(metrics);
    }

    @Override
    public Mono<Void> put(String key, InputStream content, String contentType) {
        return store.put(key, content, contentType);
    }

    @Override
    public Mono<Void> put(String key, byte[] content, String contentType) {
        // Kept only once stored: a failed write must not be readable here.
        return store.put(key, content, contentType).doOnSuccess(done -> keep(key, content));
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

    private synchronized void keep(String key, byte[] content) {
        if (content.length > budget / 4) {
            return;   // one large object would push out everything else for one read
        }
        byte[] before = kept.put(key, content);
        keptBytes += content.length - (before == null ? 0 : before.length);
        Iterator<Map.Entry<String, byte[]>> oldest = kept.entrySet().iterator();
        while (keptBytes > budget && oldest.hasNext()) {
            keptBytes -= oldest.next().getValue().length;
            oldest.remove();
        }
    }

    private synchronized byte[] lookup(String key) {
        byte[] bytes = kept.get(key);
        (bytes != null ? hits : misses).increment();
        return bytes;
    }

    private synchronized void forget(String key) {
        byte[] before = kept.remove(key);
        keptBytes -= before == null ? 0 : before.length;
    }

    /** Bytes held now; for tests and the log. */
    synchronized long keptBytes() {
        return keptBytes;
    }
}
