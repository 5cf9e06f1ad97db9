package dev.darkroom.messaging;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Schedulers;

/**
 * Hands each event to every local subscriber through a buffer of the subscriber's own. There is
 * no shared sink that a burst could overflow or terminate: a subscriber that falls behind loses
 * its oldest events, counted, and the others are not slowed. Subscribers run on the parallel
 * scheduler, never on the thread that published (a pixel loop, a broker thread).
 */
final class Broadcast<T> {

    private final Set<FluxSink<T>> subscribers = ConcurrentHashMap.newKeySet();
    private final int buffer;
    private final Counter dropped;

    Broadcast(int buffer, Counter dropped) {
        this.buffer = buffer;
        this.dropped = dropped;
    }

    void emit(T event) {
        for (FluxSink<T> subscriber : subscribers) {
            subscriber.next(event);
        }
    }

    Flux<T> subscribe() {
        return Flux.<T>create(sink -> {
                    subscribers.add(sink);
                    sink.onDispose(() -> subscribers.remove(sink));
                })
                .onBackpressureBuffer(buffer, lost -> dropped.increment(), BufferOverflowStrategy.DROP_OLDEST)
                .publishOn(Schedulers.parallel(), 32);
    }

    int subscribers() {
        return subscribers.size();
    }
}
