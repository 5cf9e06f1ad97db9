package dev.darkroom.storage;

import java.net.InetAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import io.minio.Http;

/**
 * What proves that the bytes a PUT stored are the bytes we sent, chosen once per endpoint.
 *
 * <p>Left to itself the MinIO client hashes every body twice over plain HTTP: a SHA-256 that
 * the V4 signature covers, and a CRC32C it computes a byte at a time. The store then hashes it
 * again: the signature's SHA-256 (S3Proxy first copies the whole body into memory to do so) and
 * the MD5 that becomes the ETag. Only one of these is needed, and which one depends on who could
 * touch the bytes on the way.
 */
enum PayloadIntegrity {

    /**
     * Plain HTTP to another host (MinIO in compose): whoever sits on that network could rewrite
     * a body and fix up a checksum, but not a signature, so the payload's SHA-256 stays in the
     * signature. It is the only hash the client computes; the store checks it.
     */
    SIGNED {
        @Override
        Http.Headers headers(byte[] body, int length) {
            return new Http.Headers();
        }
    },

    /**
     * TLS, or the loopback (the embedded server, a MinIO on this machine): nothing between us
     * and the store can rewrite a body unnoticed, so the payload is left out of the signature
     * ({@code UNSIGNED-PAYLOAD}; the request itself is still signed) and a Content-MD5 guards
     * against a body cut short or damaged at either end. Every S3 store checks Content-MD5, and
     * S3Proxy and MinIO compute that MD5 anyway for the ETag, so checking it costs them nothing.
     */
    CONTENT_MD5 {
        @Override
        Http.Headers headers(byte[] body, int length) {
            MessageDigest md5;
            try {
                md5 = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has MD5", e);
            }
            md5.update(body, 0, length);
            return new Http.Headers(
                    "X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD",
                    Http.Headers.CONTENT_MD5, Base64.getEncoder().encodeToString(md5.digest()));
        }
    };

    /** Headers that go with a PUT of {@code body[0, length)}. */
    abstract Http.Headers headers(byte[] body, int length);

    static PayloadIntegrity forEndpoint(URI endpoint) {
        return "https".equalsIgnoreCase(endpoint.getScheme()) || isLoopback(endpoint.getHost()) ? CONTENT_MD5 : SIGNED;
    }

    /** Only "localhost" and literal addresses count: nothing is looked up at start-up. */
    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.ofLiteral(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (IllegalArgumentException notAnAddress) {
            return false;
        }
    }
}
