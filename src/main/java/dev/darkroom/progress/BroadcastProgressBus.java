package dev.darkroom.progress;

import org.springframework.stereotype.Component;
import dev.darkroom.messaging.EventBus;
import dev.darkroom.messaging.EventBuses;
import reactor.core.publisher.Flux;

/**
 * Progress on an event bus, so every instance hears every job. Events are transient: a lost one
 * costs a follower at most one recheck interval of staleness.
 */
@Component
class BroadcastProgressBus implements ProgressBus {

    private final EventBus<ProgressEvent> bus;

    BroadcastProgressBus(EventBuses buses, ProgressProperties properties) {
        this.bus = buses.bus(properties.exchange(), ProgressEvent.class);
    }

    @Override
    public void publish(ProgressEvent event) {
        bus.publish(event);
    }

    @Override
    public Flux<ProgressEvent> events() {
        return bus.events();
    }
}
