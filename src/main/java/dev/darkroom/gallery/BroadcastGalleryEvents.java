package dev.darkroom.gallery;

import java.util.UUID;

import org.springframework.stereotype.Component;
import dev.darkroom.messaging.EventBus;
import dev.darkroom.messaging.EventBuses;
import reactor.core.publisher.Flux;

@Component
class BroadcastGalleryEvents implements GalleryEvents {

    private final EventBus<GalleryEvent> bus;

    BroadcastGalleryEvents(EventBuses buses, GalleryProperties properties) {
        this.bus = buses.bus(properties.exchange(), GalleryEvent.class);
    }

    @Override
    public void added(UUID owner, GalleryImage image) {
        bus.publish(new GalleryEvent(GalleryEvent.Kind.added, image.id(), owner, image));
    }

    @Override
    public void deleted(UUID owner, UUID imageId) {
        bus.publish(new GalleryEvent(GalleryEvent.Kind.deleted, imageId, owner, null));
    }

    @Override
    public Flux<GalleryEvent> events() {
        return bus.events();
    }
}
