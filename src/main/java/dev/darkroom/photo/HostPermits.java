package dev.darkroom.photo;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * At most {@code perHost} downloads from one host at once on this instance; the others wait their
 * turn, in order, without holding a thread. A host that answers slowly (or trickles on purpose)
 * thus occupies only its own share of the download slots.
 */
final class HostPermits {

    private final int perHost;
    private final Map<String, Host> hosts = new HashMap<>();

    private static final class Host {
        int running;
        final Queue<MonoSink<Void>> waiting = new ArrayDeque<>();
    }

    HostPermits(int perHost) {
        if (perHost < 1) {
            throw new IllegalArgumentException("darkroom.import.per-host must be at least 1, got " + perHost);
        }
        this.perHost = perHost;
    }

    /** Runs {@code work} once {@code host} has a free permit, and frees it when the work ends however it ends. */
    <T> Mono<T> with(String host, Supplier<Mono<T>> work) {
        return Mono.usingWhen(acquire(host), permit -> Mono.defer(work), permit -> release(host),
                (permit, error) -> release(host), permit -> release(host));
    }

    private Mono<String> acquire(String host) {
        return Mono.<Void>create(sink -> {
            boolean now;
            synchronized (hosts) {
                Host h = hosts.computeIfAbsent(host, k -> new Host());
                now = h.running < perHost;
                if (now) {
                    h.running++;
                } else {
                    h.waiting.add(sink);
                    sink.onCancel(() -> {
                        synchronized (hosts) {
                            h.waiting.remove(sink);
                        }
                    });
                }
            }
            if (now) {
                sink.success();
            }
        }).thenReturn(host);
    }

    private Mono<Void> release(String host) {
        return Mono.fromRunnable(() -> {
            MonoSink<Void> next;
            synchronized (hosts) {
                Host h = hosts.get(host);
                next = h.waiting.poll();
                if (next == null) {
                    // Nobody waits: the permit goes back, and an idle host is forgotten.
                    if (--h.running == 0) {
                        hosts.remove(host);
                    }
                }
            }
            if (next != null) {
                next.success(); // the permit passes straight to the next in line
            }
        });
    }

    /** Downloads running from {@code host}, for tests and status. */
    int running(String host) {
        synchronized (hosts) {
            Host h = hosts.get(host);
            return h == null ? 0 : h.running;
        }
    }
}
