package dev.darkroom.photo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A TCP service on loopback that is not a web server: it greets every connection with an SSH banner and hangs up. */
final class NotAWebServer implements AutoCloseable {

    private final ServerSocket socket;

    private NotAWebServer(ServerSocket socket) {
        this.socket = socket;
        Thread.ofVirtual().start(this::serve);
    }

    static NotAWebServer start() {
        try {
            return new NotAWebServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A loopback port that was free a moment ago and that nothing listens on. */
    static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                connection.getOutputStream().write("SSH-2.0-OpenSSH_9.6 secret-banner\r\n".getBytes(StandardCharsets.US_ASCII));
                connection.getOutputStream().flush();
            } catch (IOException e) {
                // closed, or the client went away
            }
        }
    }

    int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
