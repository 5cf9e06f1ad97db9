package dev.darkroom.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.support.Api;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.TestImages;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class MonitoringIntegrationTest {

    @Autowired
    WebTestClient client;

    @Test
    void readinessChecksPostgresRabbitMqAndObjectStorage() {
        JsonNode readiness = client.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(readiness.get("status").asString()).isEqualTo("UP");
        assertThat(readiness.get("components").propertyNames()).contains("r2dbc", "rabbit", "storage", "readinessState");
        client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    }

    @Test
    void prometheusExportsConversionTimesUploadsJobsAndQueueDepth() {
        Api api = new Api(client);
        UUID job = api.submitId(api.uploadId("m.png", TestImages.generated(64, 64, "png")), "grayscale", Map.of());
        api.awaitJob(job);

        // Read as a stream: with histograms the page is larger than the client's default buffer.
        String metrics = String.join("", client.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .returnResult(String.class).getResponseBody().collectList().block());
        assertThat(metrics)
                .contains("darkroom_conversion_seconds_bucket{")
                .contains("operation=\"grayscale\"")
                .contains("darkroom_uploads_total{")
                .contains("darkroom_jobs{")
                .contains("darkroom_queue_depth{")
                .contains("queue=\"interactive_jobs\"")
                .contains("queue=\"downloads\"");
    }

    @Test
    void theApiDocumentDescribesEveryRouteWithItsProblemResponses() {
        JsonNode docs = client.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        List<String> paths = docs.get("paths").propertyNames().stream().toList();
        assertThat(paths).contains("/api/images", "/api/images/{id}", "/api/images/{id}/original",
                "/api/images/{id}/thumbnail", "/api/jobs", "/api/jobs/{id}", "/api/jobs/{id}/events",
                "/api/jobs/{id}/result", "/api/convert", "/api/batches", "/api/batches/{id}", "/api/batches/{id}/events",
                "/photos", "/photos/pending", "/photos/{uuid}", "/photos/process",
                "/ascii", "/upload", "/image/{id}", "/image/{id}/ascii", "/image/{id}/original", "/list", "/status");
        JsonNode upload = docs.at("/paths/~1api~1images/post/responses");
        assertThat(upload.propertyNames()).contains("201", "400", "413", "415", "422");
        assertThat(upload.at("/415/content").propertyNames()).contains("application/problem+json");
        client.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
    }
}
