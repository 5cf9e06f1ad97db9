package dev.darkroom.webhook;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;
import dev.darkroom.web.ApiDocumentation;

/**
 * The API description's account of webhooks: the {@code callback} a request may carry (one schema,
 * referred to by the job, batch and photo requests), and what Darkroom sends, as an OpenAPI 3.1
 * {@code webhooks} entry with its headers and body.
 */
@Component
class WebhookApiDocumentation implements OpenApiCustomizer {

    static final String CALLBACK_REQUEST = "CallbackRequest";
    static final String EVENT = "WebhookEvent";

    @Override
    public void customise(OpenAPI api) {
        api.getComponents().addSchemas(CALLBACK_REQUEST, ApiDocumentation.schema("""
                {"type": "object", "required": ["url"], "additionalProperties": false,
                 "description": "Where to POST the signed event when the work ends. The answer carries the secret that signs it, once.",
                 "properties": {"url": {"type": "string", "format": "uri", "maxLength": %d,
                   "description": "http or https, resolving to public addresses only (checked now and at every delivery)",
                   "example": "https://example.com/darkroom-events?ref=42"}}}
                """.formatted(CallbackUrls.MAX_LENGTH)));
        String types = "\"" + String.join("\", \"", Webhooks.EVENT_TYPES) + "\"";
        api.getComponents().addSchemas(EVENT, ApiDocumentation.schema("""
                {"type": "object", "required": ["id", "type", "createdAt", "data"],
                 "description": "One ending of a job, batch or photo. The same event sent again (a retry, a resend) has the same id.",
                 "properties": {
                   "id": {"type": "string", "format": "uuid", "description": "The event's id; also in Darkroom-Event-Id"},
                   "type": {"type": "string", "enum": [%s]},
                   "createdAt": {"type": "string", "format": "date-time", "description": "When the work ended"},
                   "data": {"description": "The job, batch or photo as its GET route shows it (a batch without its results' data)",
                            "oneOf": [{"$ref": "#/components/schemas/Job"}, {"$ref": "#/components/schemas/Batch"},
                                      {"$ref": "#/components/schemas/Image"}]}}}
                """.formatted(types)));
        Operation post = new Operation()
                .operationId("receiveEvent")
                .summary("What Darkroom POSTs to a callback or a registered endpoint when work ends")
                .description("Verify before parsing: compute HMAC-SHA256 with the secret (its UTF-8 bytes) over "
                        + "\"<t>.<body>\", compare it in constant time with v1, and refuse a t more than a few minutes old. "
                        + "Answer 2xx quickly. 5xx, 408, 429, a timeout or a lost connection are retried with "
                        + "exponential backoff and jitter, up to darkroom.webhooks.max-attempts; any other answer is final "
                        + "(resend it by hand with POST /api/webhooks/deliveries/{id}/resend). Redirects are not followed.")
                .parameters(List.of(
                        header("Darkroom-Signature", "t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">",
                                "t=1767225600,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd"),
                        header("Darkroom-Event-Id", "The event's id, the same on every retry: use it to ignore duplicates", null),
                        header("Darkroom-Event-Type", "The event's type, as in the body", "job.succeeded"),
                        header("Darkroom-Delivery-Id", "This delivery (GET /api/webhooks/deliveries/{id})", null),
                        header("Darkroom-Delivery-Attempt", "1 for the first attempt, counting up on retries", "1")))
                .requestBody(new RequestBody().required(true).content(new Content().addMediaType("application/json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + EVENT)))))
                .responses(new ApiResponses()
                        .addApiResponse("200", new ApiResponse().description("Received (any 2xx)"))
                        .addApiResponse("500", new ApiResponse().description("Not received: tried again later (as are 408, 429 and other 5xx)")));
        post.setSecurity(List.of());
        post.addTagsItem("Webhooks");
        api.addWebhooks("workEnded", new PathItem().post(post));
    }

    private static HeaderParameter header(String name, String description, String example) {
        HeaderParameter header = new HeaderParameter();
        header.name(name).required(true).description(description).schema(new StringSchema());
        if (example != null) {
            header.example(example);
        }
        return header;
    }
}
