package dev.darkroom.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on loopback, as a team would run one: it records every request it gets, and
 * answers each path with the status codes it is told, in turn (the last one repeats). It also
 * serves photos, for photos registered by URL.
 */
final class Receiver implements AutoCloseable {

    record Request(String path, Map<String, List<String>> headers, String body) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final Map<String, BlockingQueue<Request>> received = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            byte[] file = files.get(path);
            if (file != null && exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Content-Type", "image/png");
                exchange.sendResponseHeaders(200, file.length);
                try (var out = exchange.getResponseBody()) {
                    out.write(file);
                }
                return;
            }
            received(path).add(new Request(path, Map.copyOf(exchange.getRequestHeaders()), body));
            List<Integer> codes = answers.getOrDefault(path, List.of(200));
            int n = counts.computeIfAbsent(path, p -> new AtomicInteger()).getAndIncrement();
            exchange.sendResponseHeaders(codes.get(Math.min(n, codes.size() - 1)), -1);
            exchange.close();
        });
        server.start();
    }

    /** Answers requests to {@code path} with these codes, one per request; the last one repeats. */
    void answer(String path, Integer... codes) {
        counts.remove(path);
        answers.put(path, List.of(codes));
    }

    /** Serves these bytes to GET requests for {@code path}, as a photo host would. */
    void serve(String path, byte[] file) {
        files.put(path, file);
    }

    BlockingQueue<Request> received(String path) {
        return received.computeIfAbsent(path, p -> new LinkedBlockingQueue<>());
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** By the name "localhost", which the test's allow-list names. */
    String url(String path) {
        return "http://localhost:" + port() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
