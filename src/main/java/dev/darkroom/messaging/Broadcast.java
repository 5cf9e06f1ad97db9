package dev.darkroom.messaging;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Scheduler;

/**
 * Hands each event to every local subscriber through a buffer of the subscriber's own. There is
 * no shared sink that a burst could overflow or terminate: a subscriber that falls behind loses
 * its oldest events, counted, and the others are not slowed. Subscribers run on the events
 * scheduler, never on the thread that published (a pixel loop, a broker thread), and not on
 * Reactor's parallel scheduler, whose timers (intervals, delays, timeouts) a flood must not delay.
 */
final class Broadcast<T> {

    private final Set<FluxSink<T>> subscribers = ConcurrentHashMap.newKeySet();
    private final int buffer;
    private final Counter dropped;
    private final Scheduler scheduler;

    Broadcast(int buffer, Counter dropped, Scheduler scheduler) {
        this.buffer = buffer;
        this.dropped = dropped;
        this.scheduler = scheduler;
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
                .publishOn(scheduler, 32);
    }

    int subscribers() {
        return subscribers.size();
    }
}
