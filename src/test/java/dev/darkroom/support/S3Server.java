package dev.darkroom.support;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * An S3-compatible server of the test's own, for tests that put something between Darkroom and
 * its object store (a {@link TcpProxy}); credentials are Darkroom's defaults.
 */
public final class S3Server implements AutoCloseable {

    private final S3Proxy proxy;
    private final URI endpoint;
    private final Path dataDir;

    public S3Server() throws Exception {
        this.dataDir = Files.createTempDirectory("darkroom-test-s3-");
        int port;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            port = socket.getLocalPort();
        }
        this.endpoint = URI.create("http://127.0.0.1:" + port);
        this.proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(dataDir.toString()))
                .endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "darkroom", "darkroom-secret")
                .build();
        proxy.start();
    }

    public int port() {
        return endpoint.getPort();
    }

    /** Files stored under a key prefix, e.g. {@code originals/}, in bucket {@code darkroom}. */
    public long objectsUnder(String prefix) throws java.io.IOException {
        Path dir = dataDir.resolve("darkroom").resolve(prefix);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
