package dev.darkroom.photo;

import java.util.UUID;

import org.springframework.stereotype.Component;
import dev.darkroom.image.ImageRepository;
import dev.darkroom.image.ImageView;
import dev.darkroom.webhook.WebhookSubject;
import reactor.core.publisher.Mono;

/** A photo's events carry it as GET /api/images/{id} shows it. */
@Component
class PhotoWebhookSubject implements WebhookSubject {

    private final ImageRepository images;

    PhotoWebhookSubject(ImageRepository images) {
        this.images = images;
    }

    @Override
    public String kind() {
        return "photo";
    }

    @Override
    public Mono<Object> representation(UUID id) {
        return images.find(id).map(ImageView::of);
    }
}
