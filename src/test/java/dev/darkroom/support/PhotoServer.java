package dev.darkroom.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback that serves the test photographs, as a photo host would, plus a
 * few hostile answers: redirects to private addresses and a 404.
 */
public final class PhotoServer implements AutoCloseable {

    private final HttpServer server;
    private volatile boolean closed;

    public PhotoServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // A handler that trickles must not hold up the others.
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        // A JPEG's first bytes, then one byte every 10 s: a server that never quite times out.
        server.createContext("/trickle.jpg", exchange -> {
            byte[] body = TestImages.photo("coffee.jpg");
            exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < body.length && !closed; i++) {
                    out.write(body[i]);
                    out.flush();
                    for (int tick = 0; tick < 100 && !closed; tick++) {
                        Thread.sleep(100);
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the client gave up, or the server is closing
            }
        });
        for (String photo : new String[] {"coffee.jpg", "chelsea.jpg", "astronaut.jpg"}) {
            server.createContext("/photos/" + photo, exchange -> {
                byte[] body = TestImages.photo(photo);
                exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
        }
        server.createContext("/moved/coffee.jpg", exchange -> redirect(exchange, "/photos/coffee.jpg"));
        server.createContext("/loop", exchange -> redirect(exchange, "/loop"));
        server.createContext("/to-private", exchange -> redirect(exchange, "http://10.0.0.7/photo.jpg"));
        server.createContext("/to-metadata", exchange -> redirect(exchange, "http://169.254.169.254/latest/meta-data/"));
        server.createContext("/text.jpg", exchange -> {
            byte[] body = "this is not an image".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** A URL on this server, by the name "localhost" (which the allow-list names). */
    public String url(String path) {
        return "http://localhost:" + port() + path;
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
    }
}
