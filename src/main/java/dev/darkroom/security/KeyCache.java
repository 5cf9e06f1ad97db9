package dev.darkroom.security;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import reactor.core.publisher.Mono;

/**
 * Keys looked up in the last few seconds, by the hash of the key or session token presented, so
 * that a client making many requests costs one database read every few seconds rather than one per
 * request. A key revoked on another instance therefore works there for at most that long after.
 */
@org.springframework.stereotype.Component
final class KeyCache {

    private record Entry(ApiKeys.Key key, long until) { }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final long ttl;

    KeyCache() {
        this(Duration.ofSeconds(5));
    }

    KeyCache(Duration ttl) {
        this.ttl = ttl.toNanos();
    }

    /** The key for this secret: cached, or looked up (and then {@code onLookup}, e.g. to record its use). */
    Mono<ApiKeys.Key> lookup(String secret, Function<String, Mono<ApiKeys.Key>> find,
                             Function<ApiKeys.Key, Mono<Void>> onLookup) {
        String hash = Secrets.hash(secret);
        Entry entry = entries.get(hash);
        long now = System.nanoTime();
        if (entry != null && entry.until - now > 0) {
            return Mono.just(entry.key);
        }
        if (entries.size() > 10_000) {
            entries.entrySet().removeIf(e -> e.getValue().until - now <= 0);
        }
        return find.apply(secret).flatMap(key -> {
            entries.put(hash, new Entry(key, now + ttl));
            return onLookup.apply(key).thenReturn(key);
        });
    }

    /** A signed-out session stops working at once, not a few seconds later. */
    void forget(String secret) {
        entries.remove(Secrets.hash(secret));
    }

    void forget(java.util.UUID keyId) {
        entries.values().removeIf(entry -> entry.key.id().equals(keyId));
    }
}
