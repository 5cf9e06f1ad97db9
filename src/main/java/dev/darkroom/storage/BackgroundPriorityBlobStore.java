package dev.darkroom.storage;

import java.io.InputStream;

import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import dev.darkroom.system.NicedThreads;

/**
 * The embedded store's threads run at the pixel threads' lower priority. In compose and on a
 * cluster the store is a process of its own; in-process, its threads took a fifth of the
 * service's CPU in a bulk upload (writing originals and thumbnails, reading originals back),
 * all at the priority of request threads, and a status read waited behind them for a time slice:
 * `GET /api/images/{id}` p99 69-82 ms as the client saw it, 54-55 ms with these threads at nice 10
 * (src/bench/README.md).
 *
 * <p>S3Proxy's builder takes no thread factory, so each of its Jetty threads lowers its own
 * priority the first time it serves an object, and stays lowered: the pool's threads serve
 * nothing else. Linux keeps nice per thread ({@link NicedThreads}).
 */
final class BackgroundPriorityBlobStore extends ForwardingBlobStore {

    private final int nice;
    private final ThreadLocal<Boolean> lowered = ThreadLocal.withInitial(() -> false);
    private volatile boolean warned;

    BackgroundPriorityBlobStore(BlobStore store, int nice) {
        super(store);
        this.nice = nice;
    }

    private void lower() {
        if (lowered.get()) {
            return;
        }
        lowered.set(true);
        if (!NicedThreads.lowerCallingThread(nice) && !warned) {
            warned = true;
            LoggerFactory.getLogger(BackgroundPriorityBlobStore.class).warn(
                    "Could not lower the embedded object store's threads to nice {}: they run as equals of request threads", nice);
        }
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream payload) {
        lower();
        return super.putBlob(request, payload);
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        lower();
        return super.getBlob(request);
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        lower();
        return super.removeBlob(request);
    }

    @Override
    public MultipartUpload initiateMultipartUpload(CreateMultipartUploadRequest request) {
        lower();
        return super.initiateMultipartUpload(request);
    }

    @Override
    public UploadPartResponse uploadMultipartPart(MultipartUpload upload, UploadPartRequest request, InputStream payload) {
        lower();
        return super.uploadMultipartPart(upload, request, payload);
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload, CompleteMultipartUploadRequest request) {
        lower();
        return super.completeMultipartUpload(upload, request);
    }
}
