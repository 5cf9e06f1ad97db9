package dev.darkroom.storage;

import java.io.InputStream;

import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where originals and results live: an S3-compatible object store. Keys are relative paths such
 * as {@code originals/<id>}; they are what the database records.
 */
public interface ImageStore extends AutoCloseable {

    /**
     * Streams {@code content} into the store without holding it in memory. The stream is read on
     * a thread that may block; an exception thrown while reading it aborts the write and is
     * passed on unchanged, so the caller can tell "upload too large" from a storage failure.
     */
    Mono<Void> put(String key, InputStream content, String contentType);

    /** Written by someone who will read it back soon (an upload the processor reads next). */
    Mono<Void> put(String key, byte[] content, String contentType);

    /**
     * As {@link #put(String, byte[], String)}, for an object that may never be read (a thumbnail,
     * read when a gallery shows it): an instance keeping recent writes in memory gives it up first.
     */
    default Mono<Void> putMaybeRead(String key, byte[] content, String contentType) {
        return put(key, content, contentType);
    }

    /** The object's bytes as a stream of buffers; {@link ObjectNotFoundException} if absent. */
    Flux<DataBuffer> read(String key);

    Mono<byte[]> readAllBytes(String key);

    Mono<Void> delete(String key);

    /** Objects whose keys start with {@code prefix}, with when each was written. */
    Flux<Stored> list(String prefix);

    record Stored(String key, java.time.Instant modified) { }

    /** Completes if the store answers and the bucket is there; used by the health check. */
    Mono<Void> check();

    /**
     * Lets go of connections and threads; called when the application stops. The S3 client's
     * dispatcher threads are not daemons: left running, they kept a stopped instance's JVM alive
     * for their minute of idle time (an e2e run's next start found its ports still taken).
     */
    @Override
    default void close() {
    }
}
