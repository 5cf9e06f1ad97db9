import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The keep-alive loop of issue 14 with Java's HttpClient, the twin of keepalive_loop.py: HTTP/1.1
 * GET requests one after another, each sent as soon as the previous answer has been read, cycling
 * the same paths. The client keeps its connection between them. A request with no answer within
 * the timeout is a stall; HttpClient then drops that connection and opens a new one.
 *
 *   java src/bench/KeepAliveLoop.java [--port 8080] [--requests 1000] [--timeout 2] [--paths a,b,c]
 *
 * Prints requests answered, stalls, requests that failed otherwise (e.g. a connection closed under
 * them), and p50/p99 latency of the answered ones.
 */
public class KeepAliveLoop {

    static final String PATHS = "/api/operations,/api/images?limit=1,/api/jobs?limit=1";

    public static void main(String[] args) throws Exception {
        String host = option(args, "--host", "localhost");
        int port = Integer.parseInt(option(args, "--port", "8080"));
        int requests = Integer.parseInt(option(args, "--requests", "1000"));
        Duration timeout = Duration.ofMillis((long) (Double.parseDouble(option(args, "--timeout", "2")) * 1000));
        List<String> paths = List.of(option(args, "--paths", PATHS).split(","));

        // One request per path first, on a client of its own and not counted, so that a freshly
        // started instance's first-request class loading is not taken for a stall.
        HttpClient warmUp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (String path : paths) {
            try {
                warmUp.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.discarding());
            } catch (java.io.IOException e) {
                // counted in the loop below, if it persists
            }
        }

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Double> latencies = new ArrayList<>();
        List<String> stalls = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < requests; i++) {
            String path = paths.get(i % paths.size());
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                    .timeout(timeout).GET().build();
            long started = System.nanoTime();
            try {
                client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                latencies.add((System.nanoTime() - started) / 1e6);
            } catch (HttpTimeoutException e) {
                stalls.add("#" + i + " " + path + " after " + paths.get((i + paths.size() - 1) % paths.size()));
            } catch (java.io.IOException e) {
                failed++;
            }
        }
        System.out.println(report("java HttpClient", requests, latencies, stalls, failed));
    }

    static String report(String client, int sent, List<Double> latencies, List<String> stalls, int failed) {
        List<Double> ordered = latencies.stream().sorted().toList();
        StringBuilder out = new StringBuilder("%s: %d/%d answered, %d stalls, %d failed, p50 %.2f ms, p99 %.2f ms, mean %.2f ms"
                .formatted(client, latencies.size(), sent, stalls.size(), failed, percentile(ordered, 50), percentile(ordered, 99),
                        ordered.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)));
        stalls.stream().limit(10).forEach(stall -> out.append("\n  stalled: ").append(stall));
        if (stalls.size() > 10) {
            out.append("\n  ... and ").append(stalls.size() - 10).append(" more");
        }
        return out.toString();
    }

    static double percentile(List<Double> ordered, int p) {
        return ordered.isEmpty() ? Double.NaN : ordered.get(Math.min(ordered.size() - 1, p * ordered.size() / 100));
    }

    static String option(String[] args, String name, String otherwise) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return otherwise;
    }
}
