package dev.darkroom.webhook;

import org.springframework.http.HttpStatus;
import dev.darkroom.web.ProblemType;

final class WebhookProblems {

    static final ProblemType ENDPOINT_NOT_FOUND = new ProblemType("webhook-not-found", HttpStatus.NOT_FOUND,
            "Webhook endpoint not found", "The owner has no webhook endpoint with this id; GET /api/webhooks lists them.");
    static final ProblemType DELIVERY_NOT_FOUND = new ProblemType("webhook-delivery-not-found", HttpStatus.NOT_FOUND,
            "Webhook delivery not found", "The owner has no webhook delivery with this id; GET /api/webhooks/deliveries lists them.");

    private WebhookProblems() {
    }
}
