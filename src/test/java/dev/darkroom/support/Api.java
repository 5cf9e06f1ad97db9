package dev.darkroom.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** The calls most tests make, written once. */
public final class Api {

    private final WebTestClient client;

    public Api(WebTestClient client) {
        this.client = client;
    }

    public WebTestClient client() {
        return client;
    }

    public JsonNode upload(String name, byte[] bytes) {
        return client.post().uri("/api/images")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(TestImages.files(name, bytes))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("images").get(0);
    }

    public UUID uploadId(String name, byte[] bytes) {
        return UUID.fromString(upload(name, bytes).get("id").asString());
    }

    public JsonNode submit(UUID imageId, String operation, Map<String, Object> params) {
        return client.post().uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("imageIds", List.of(imageId), "operation", operation, "params", params))
                .exchange()
                .expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("jobs").get(0);
    }

    public UUID submitId(UUID imageId, String operation, Map<String, Object> params) {
        return UUID.fromString(submit(imageId, operation, params).get("id").asString());
    }

    /** Follows the job's SSE stream to its end. */
    public List<ServerSentEvent<JsonNode>> events(UUID jobId) {
        return client.get().uri("/api/jobs/{id}/events", jobId)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() { })
                .getResponseBody()
                .filter(event -> event.data() != null)
                .collectList()
                .block(Duration.ofSeconds(60));
    }

    public JsonNode job(UUID jobId) {
        return client.get().uri("/api/jobs/{id}", jobId).exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    public byte[] result(UUID jobId) {
        return client.get().uri("/api/jobs/{id}/result", jobId).exchange()
                .expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
    }

    /** Waits (via SSE) until the job ends, then returns its stored state. */
    public JsonNode awaitJob(UUID jobId) {
        events(jobId);
        return job(jobId);
    }
}
