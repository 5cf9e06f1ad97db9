package dev.darkroom.messaging;

import reactor.core.publisher.Flux;

/**
 * Broadcasts events to every running instance, this one included. Delivery is best effort:
 * publishing never fails and never blocks, and a subscriber that falls behind loses its oldest
 * events (counted in darkroom_events_dropped_total), so events suit notifications whose loss
 * costs staleness, not correctness; whoever follows them re-reads the stored state now and then.
 */
public interface EventBus<T> {

    /** Safe from any thread, pixel loops included; never throws. */
    void publish(T event);

    /** Events from now on, with a buffer of this subscriber's own; never errors. */
    Flux<T> events();
}
