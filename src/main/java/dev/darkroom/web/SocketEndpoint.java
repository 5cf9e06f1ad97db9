package dev.darkroom.web;

import org.springframework.web.reactive.socket.WebSocketHandler;

/** A feature's WebSocket route; all of them are mapped in one place by {@link WebConfiguration}. */
public interface SocketEndpoint {

    String path();

    WebSocketHandler handler();
}
