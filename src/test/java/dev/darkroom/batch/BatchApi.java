package dev.darkroom.batch;

import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** The batch calls the tests make, and the request documents they send. */
final class BatchApi {

    private final WebTestClient client;

    BatchApi(WebTestClient client) {
        // Results come back inline as base64, far beyond the client's default buffer.
        this.client = client.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(64 * 1024 * 1024)).build();
    }

    static Map<String, Object> image(String name, byte[] bytes) {
        return Map.of("name", name, "data", Base64.getEncoder().encodeToString(bytes));
    }

    static Map<String, Object> filter(String name, Map<String, Object> params) {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("name", name);
        filter.put("params", params);
        return filter;
    }

    static Map<String, Object> document(List<?> images, List<?> filters) {
        return Map.of("images", images, "filters", filters);
    }

    WebTestClient.ResponseSpec post(Object document) {
        return client.post().uri("/api/batches").contentType(MediaType.APPLICATION_JSON).bodyValue(document).exchange();
    }

    UUID submit(Object document) {
        JsonNode accepted = post(document).expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return UUID.fromString(accepted.get("id").asString());
    }

    JsonNode get(UUID id) {
        return client.get().uri("/api/batches/{id}", id).exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** Follows the batch's SSE stream until the server ends it. */
    List<ServerSentEvent<JsonNode>> events(UUID id) {
        return client.get().uri("/api/batches/{id}/events", id)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() { })
                .getResponseBody()
                .filter(event -> event.data() != null)
                .collectList()
                .block(Duration.ofSeconds(120));
    }

    JsonNode await(UUID id) {
        events(id);
        return get(id);
    }
}
