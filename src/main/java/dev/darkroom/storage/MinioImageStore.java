package dev.darkroom.storage;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.util.concurrent.Callable;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.errors.ErrorResponseException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The MinIO client is blocking, so every call runs on the bounded elastic scheduler and never on
 * a Netty event loop.
 */
final class MinioImageStore implements ImageStore {

    /**
     * Multipart part size, S3's minimum: each upload in flight holds about one part (plus the
     * client's signing pass over it), so the smallest part is the smallest memory per upload.
     */
    static final long PART_SIZE = 5L * 1024 * 1024;
    private static final int READ_BUFFER = 64 * 1024;

    private final MinioClient client;
    private final String bucket;

    MinioImageStore(MinioClient client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    /** Made on first use, and again should it be found missing (a store started afresh). */
    private volatile boolean bucketReady;

    private void createBucketIfMissing() throws Exception {
        if (bucketReady) {
            return;
        }
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            try {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            } catch (ErrorResponseException e) {
                // Another instance created it between our check and our create.
                if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
                    throw e;
                }
            }
        }
        bucketReady = true;
    }

    @Override
    public Mono<Void> put(String key, InputStream content, String contentType) {
        return blocking(() -> {
            createBucketIfMissing();
            return client.putObject(PutObjectArgs.builder()
                .bucket(bucket).object(key).contentType(contentType)
                .stream(content, -1L, PART_SIZE)
                .build());
        }).then();
    }

    @Override
    public Mono<Void> put(String key, byte[] content, String contentType) {
        return blocking(() -> {
            createBucketIfMissing();
            return client.putObject(PutObjectArgs.builder()
                .bucket(bucket).object(key).contentType(contentType)
                .stream(new ByteArrayInputStream(content), (long) content.length, -1L)
                .build());
        }).then();
    }

    @Override
    public Flux<DataBuffer> read(String key) {
        return DataBufferUtils.readInputStream(() -> open(key), DefaultDataBufferFactory.sharedInstance, READ_BUFFER)
                .subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<byte[]> readAllBytes(String key) {
        return blocking(() -> {
            try (InputStream in = open(key)) {
                return in.readAllBytes();
            }
        });
    }

    @Override
    public Mono<Void> delete(String key) {
        return blocking(() -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return key;
        }).then();
    }

    @Override
    public Flux<Stored> list(String prefix) {
        return Flux.<Stored>defer(() -> Flux.fromIterable(client.listObjects(io.minio.ListObjectsArgs.builder()
                        .bucket(bucket).prefix(prefix).recursive(true).build()))
                        .map(result -> {
                            try {
                                io.minio.messages.Item item = result.get();
                                return new Stored(item.objectName(), item.lastModified().toInstant());
                            } catch (Exception e) {
                                throw new StorageException(e);
                            }
                        }))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(MinioImageStore::translate);
    }

    @Override
    public Mono<Void> check() {
        return blocking(() -> {
            bucketReady = false;
            createBucketIfMissing();
            return true;
        }).then();
    }

    private InputStream open(String key) {
        try {
            return client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
                throw new ObjectNotFoundException(key);
            }
            if ("NoSuchBucket".equals(e.errorResponse().code())) {
                bucketReady = false;
            }
            throw new StorageException(e);
        } catch (Exception e) {
            throw new StorageException(e);
        }
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call)
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(MinioImageStore::translate);
    }

    /** Lets the caller's own exceptions (thrown from its stream) and ours through unchanged. */
    private static Throwable translate(Throwable e) {
        // The MinIO client reports a network failure (a reset, a timeout) as an IllegalStateException around it.
        if (e instanceof IllegalStateException && e.getCause() instanceof IOException io
                && !(io.getCause() instanceof RuntimeException)) {
            return new StorageException(e);
        }
        if (e instanceof RuntimeException && !(e instanceof UncheckedIOException)) {
            return e;
        }
        if (e instanceof IOException io && io.getCause() instanceof RuntimeException cause) {
            return cause;
        }
        return e instanceof StorageException ? e : new StorageException(e);
    }
}
