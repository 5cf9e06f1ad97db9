package dev.darkroom.storage;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.minio.AbortMultipartUploadArgs;
import io.minio.BucketExistsArgs;
import io.minio.CompleteMultipartUploadArgs;
import io.minio.CreateMultipartUploadArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.Http;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.PutObjectAPIArgs;
import io.minio.RemoveObjectArgs;
import io.minio.UploadPartArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Part;
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
     * Multipart part size, S3's minimum: each upload in flight holds one part, so the smallest
     * part is the smallest memory per upload. A body that fits in one part is sent in one PUT.
     */
    static final int PART_SIZE = 5 * 1024 * 1024;
    private static final int READ_BUFFER = 64 * 1024;

    private final MinioClient client;
    /** The same connections as {@code client}; its lower-level calls let us choose the checksums. */
    private final MinioAsyncClient writer;
    private final String bucket;
    private final PayloadIntegrity integrity;

    MinioImageStore(MinioClient client, MinioAsyncClient writer, String bucket, PayloadIntegrity integrity) {
        this.client = client;
        this.writer = writer;
        this.bucket = bucket;
        this.integrity = integrity;
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
            byte[] first = content.readNBytes(PART_SIZE);
            int more = first.length < PART_SIZE ? -1 : content.read();
            if (more < 0) {
                putOnce(key, first, first.length, contentType);
            } else {
                putInParts(key, first, more, content, contentType);
            }
            return key;
        }).then();
    }

    @Override
    public Mono<Void> put(String key, byte[] content, String contentType) {
        return blocking(() -> {
            createBucketIfMissing();
            putOnce(key, content, content.length, contentType);
            return key;
        }).then();
    }

    /**
     * The MinIO client's own putObject would copy the bytes into a buffer of its own and hash
     * them as {@link PayloadIntegrity} describes; the lower-level call sends the array as it is,
     * with the one check we chose.
     */
    private void putOnce(String key, byte[] body, int length, String contentType) throws Exception {
        await(writer.putObject(PutObjectAPIArgs.builder()
                .bucket(bucket).object(key).contentType(contentType)
                .data(body, length)
                .headers(integrity.headers(body, length))
                .build()));
    }

    /**
     * A multipart upload, one part in memory at a time: {@code first} is the first part, and
     * {@code more} the byte read after it to learn that there is more. An upload that fails is
     * aborted, so the store keeps no parts of it.
     */
    private void putInParts(String key, byte[] first, int more, InputStream content, String contentType)
            throws Exception {
        String uploadId = await(writer.createMultipartUpload(CreateMultipartUploadArgs.builder()
                .bucket(bucket).object(key)
                .headers(new Http.Headers(Http.Headers.CONTENT_TYPE, contentType))
                .build())).result().uploadId();
        try {
            List<Part> parts = new ArrayList<>();
            byte[] part = first;
            int length = first.length;
            while (true) {
                parts.add(await(writer.uploadPart(UploadPartArgs.builder()
                        .bucket(bucket).object(key).uploadId(uploadId).partNumber(parts.size() + 1)
                        .data(part, length)
                        .headers(integrity.headers(part, length))
                        .build())).part());
                if (more < 0) {
                    break;
                }
                part[0] = (byte) more;
                length = 1 + content.readNBytes(part, 1, PART_SIZE - 1);
                more = length < PART_SIZE ? -1 : content.read();
            }
            await(writer.completeMultipartUpload(CompleteMultipartUploadArgs.builder()
                    .bucket(bucket).object(key).uploadId(uploadId).parts(parts.toArray(Part[]::new))
                    .build()));
        } catch (Exception | Error e) {
            try {
                await(writer.abortMultipartUpload(AbortMultipartUploadArgs.builder()
                        .bucket(bucket).object(key).uploadId(uploadId).build()));
            } catch (Exception abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    /** Waits as the blocking MinioClient does, and fails with the exceptions it would throw. */
    private <T> T await(CompletableFuture<T> call) throws MinioException {
        try {
            return call.join();
        } catch (CompletionException e) {
            writer.throwMinioException(e);
            throw e;
        }
    }

    @Override
    public Flux<DataBuffer> read(String key) {
        return DataBufferUtils.readInputStream(() -> open(key), DefaultDataBufferFactory.sharedInstance, READ_BUFFER)
                .subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<byte[]> readAllBytes(String key) {
        return blocking(() -> {
            try (GetObjectResponse in = open(key)) {
                // Sized from the answer's length, the bytes are copied once instead of gathered
                // in chunks and joined; a body cut short fails in the HTTP client.
                String length = in.headers().get("Content-Length");
                if (length == null) {
                    return in.readAllBytes();
                }
                return in.readNBytes(Math.toIntExact(Long.parseLong(length)));
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

    private GetObjectResponse open(String key) {
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

    /** Closes the HTTP client both S3 clients share (the synchronous one was given it to close). */
    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            throw new StorageException(e);
        }
    }
}
