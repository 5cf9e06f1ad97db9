package dev.darkroom.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.Test;

/**
 * Connections to the store send small writes at once: with Nagle's algorithm on, each PUT's body
 * waited for the store's delayed acknowledgement of its head, 40 ms per object.
 */
class NoDelaySocketsTest {

    @Test
    void everySocketToTheStoreHasNaglesAlgorithmOff() throws Exception {
        NoDelaySockets sockets = new NoDelaySockets();
        try (ServerSocket store = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             Socket unconnected = sockets.createSocket();
             Socket byName = sockets.createSocket("localhost", store.getLocalPort());
             Socket byAddress = sockets.createSocket(InetAddress.getLoopbackAddress(), store.getLocalPort())) {
            assertThat(unconnected.getTcpNoDelay()).as("as OkHttp asks for them, connected later").isTrue();
            assertThat(byName.getTcpNoDelay()).isTrue();
            assertThat(byAddress.getTcpNoDelay()).isTrue();
        }
    }
}
