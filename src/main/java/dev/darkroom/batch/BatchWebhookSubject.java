package dev.darkroom.batch;

import java.util.UUID;

import org.springframework.stereotype.Component;
import dev.darkroom.webhook.WebhookSubject;
import reactor.core.publisher.Mono;

/**
 * A batch's events carry the batch as GET /api/batches/{id} shows it, less its results: those are
 * the images themselves, base64-encoded, which no receiver wants in a notification (it follows
 * links.self for them).
 */
@Component
class BatchWebhookSubject implements WebhookSubject {

    private final BatchRepository batches;
    private final BatchHandler handler;

    BatchWebhookSubject(BatchRepository batches, BatchHandler handler) {
        this.batches = batches;
        this.handler = handler;
    }

    @Override
    public String kind() {
        return "batch";
    }

    @Override
    public Mono<Object> representation(UUID id) {
        return batches.find(id).map(batch -> handler.view(batch, null, null));
    }
}
