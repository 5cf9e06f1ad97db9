package dev.darkroom.gallery;

import java.util.UUID;

import org.springframework.stereotype.Component;
import dev.darkroom.messaging.RabbitFanout;
import reactor.core.publisher.Flux;
import reactor.rabbitmq.Receiver;
import reactor.rabbitmq.Sender;
import tools.jackson.databind.json.JsonMapper;

@Component
class RabbitGalleryEvents implements GalleryEvents {

    private final RabbitFanout<GalleryEvent> fanout;

    RabbitGalleryEvents(RabbitFanout<GalleryEvent> galleryFanout) {
        this.fanout = galleryFanout;
    }

    @Override
    public void added(UUID imageId) {
        fanout.publish(new GalleryEvent(GalleryEvent.Kind.added, imageId));
    }

    @Override
    public void deleted(UUID imageId) {
        fanout.publish(new GalleryEvent(GalleryEvent.Kind.deleted, imageId));
    }

    @Override
    public Flux<GalleryEvent> events() {
        return fanout.events();
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class Exchange {

        @org.springframework.context.annotation.Bean
        RabbitFanout<GalleryEvent> galleryFanout(Sender sender, Receiver receiver, JsonMapper json,
                                                 GalleryProperties properties) {
            return new RabbitFanout<>(sender, receiver, json, properties.exchange(), GalleryEvent.class);
        }
    }
}
