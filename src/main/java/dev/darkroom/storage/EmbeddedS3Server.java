package dev.darkroom.storage;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.springframework.beans.factory.DisposableBean;

/**
 * S3Proxy over a directory, so a fresh machine runs Darkroom with nothing but PostgreSQL and
 * RabbitMQ. It speaks the same S3 protocol as MinIO, so the MinIO adapter is exercised for real.
 * Development and tests only: S3Proxy is an optional dependency the production jar leaves out.
 */
final class EmbeddedS3Server implements DisposableBean {

    private final S3Proxy proxy;
    private final URI endpoint;

    EmbeddedS3Server(StorageProperties properties) throws Exception {
        StorageProperties.Embedded embedded = properties.embedded();
        Files.createDirectories(embedded.dataDir());
        int port = embedded.port() == 0 ? freePort(embedded.host()) : embedded.port();
        this.endpoint = URI.create("http://" + embedded.host() + ":" + port);
        this.proxy = S3Proxy.builder()
                .blobStore(new BackgroundPriorityBlobStore(
                        new FilesystemNio2BlobStore(embedded.dataDir().toAbsolutePath().toString()), embedded.nice()))
                .endpoint(endpoint)
                // Signatures are still checked though the port is on the loopback: every local process
                // and user, and web pages through the browser, can reach it. A signature covers the
                // headers only (bodies go unsigned to the loopback, see PayloadIntegrity), so the
                // check costs a few HMACs per request.
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, properties.accessKey(), properties.secretKey())
                .build();
        proxy.start();
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void destroy() throws Exception {
        proxy.stop();
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, 0));
            return socket.getLocalPort();
        }
    }
}
