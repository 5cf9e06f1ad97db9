package dev.darkroom.gallery;

import java.util.UUID;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import dev.darkroom.messaging.RabbitFanout;
import reactor.core.publisher.Flux;
import reactor.rabbitmq.Receiver;
import reactor.rabbitmq.Sender;
import tools.jackson.databind.json.JsonMapper;

@Component
class RabbitGalleryEvents implements GalleryEvents, SmartLifecycle {

    private final RabbitFanout<GalleryEvent> fanout;

    RabbitGalleryEvents(Sender sender, Receiver receiver, JsonMapper json, GalleryProperties properties) {
        this.fanout = new RabbitFanout<>(sender, receiver, json, properties.exchange(), GalleryEvent.class);
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

    @Override
    public void start() {
        fanout.start();
    }

    @Override
    public void stop() {
        fanout.stop();
    }

    @Override
    public boolean isRunning() {
        return fanout.isRunning();
    }

    /** Up before the photo processor and down after it, so no completed photo goes unannounced. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE / 2 - 100;
    }
}
