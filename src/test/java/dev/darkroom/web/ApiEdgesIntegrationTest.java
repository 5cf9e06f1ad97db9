package dev.darkroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.darkroom.support.Api;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.TestImages;
import tools.jackson.databind.JsonNode;

/** The edges a client meets besides the happy path: Accept, problem type links, strict requests, result names. */
@IntegrationTest
class ApiEdgesIntegrationTest {

    @Autowired
    WebTestClient client;

    @Autowired
    ProblemCatalog catalog;

    @Test
    void anAcceptTheRouteCannotProduceIs406NotA500() {
        client.get().uri("/api/operations").accept(MediaType.APPLICATION_XML).exchange()
                .expectStatus().isEqualTo(406)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("/problems/not-acceptable")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("application/json"));
        client.get().uri("/api/jobs/{id}", UUID.randomUUID()).accept(MediaType.APPLICATION_XML).exchange()
                .expectStatus().isEqualTo(406);
        client.get().uri("/api/operations").accept(MediaType.APPLICATION_JSON).exchange().expectStatus().isOk();
    }

    @Test
    void aProblemsTypeOpensAPageDescribingIt() {
        String type = client.get().uri("/api/jobs/{id}", UUID.randomUUID()).exchange()
                .expectStatus().isNotFound()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("type").asString();
        assertThat(type).isEqualTo("/problems/job-not-found");

        client.get().uri(type).accept(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo(type)
                .jsonPath("$.title").isEqualTo("Job not found")
                .jsonPath("$.status").isEqualTo(404)
                .jsonPath("$.description").value(d -> assertThat((String) d).contains("POST /api/jobs"));
        String html = client.get().uri("/problems/invalid-parameters").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(html).contains("<h1>Invalid parameters</h1>", "HTTP 400", "JSON pointer");

        client.get().uri("/problems/no-such-problem").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("/problems/not-found");
    }

    @Test
    void everyDeclaredProblemTypeHasItsPage() {
        assertThat(catalog.all()).extracting(ProblemType::slug)
                .contains("invalid-parameters", "not-acceptable", "too-many-pixels", "batch-too-large", "job-not-found",
                        "ascii-not-ready", "photo-not-found", "too-large-for-sync");
        for (ProblemType type : catalog.all()) {
            client.get().uri(type.uri().toString()).accept(MediaType.APPLICATION_JSON).exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo(type.status().value());
        }
        client.get().uri("/problems/http-429").accept(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo(429);
    }

    @Test
    void unknownTopLevelFieldsOfAJobRequestAreRefusedLikeUnknownParams() {
        UUID image = new Api(client).uploadId("x.png", TestImages.generated(8, 8, "png"));
        client.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("imageIds", List.of(image), "operation", "grayscale", "parms", Map.of("format", "jpeg")))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.type").isEqualTo("/problems/invalid-parameters")
                .jsonPath("$.errors[0].pointer").isEqualTo("/parms")
                .jsonPath("$.errors[0].detail").isEqualTo("is not a field of a job request; known: imageIds, operation, params, force, callback, priority");
        client.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("imageIds", List.of(image), "operation", 7))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].pointer").isEqualTo("/operation");
    }

    @Test
    void aResultIsNamedAfterItsImageAndWhatWasDoneToIt() {
        Api api = new Api(client);
        UUID image = api.uploadId("holiday photo.png", TestImages.generated(32, 24, "png"));
        UUID blurred = api.submitId(image, "filter", Map.of("name", "GaussianBlur", "radius", 1));
        UUID art = api.submitId(image, "ascii", Map.of("width", 10));
        UUID jpeg = api.submitId(image, "grayscale", Map.of("format", "jpeg"));
        JsonNode job = api.awaitJob(blurred);
        api.awaitJob(art);
        api.awaitJob(jpeg);

        assertThat(filename(blurred)).isEqualTo("holiday photo-GaussianBlur.png");
        assertThat(filename(art)).isEqualTo("holiday photo-ascii.txt");
        assertThat(filename(jpeg)).isEqualTo("holiday photo-grayscale.jpg");
        assertThat(job.get("imageName").asString()).isEqualTo("holiday photo.png");
        assertThat(job.at("/links/thumbnail").asString()).isEqualTo("/api/images/" + image + "/thumbnail");
    }

    private String filename(UUID job) {
        ContentDisposition disposition = client.get().uri("/api/jobs/{id}/result", job).exchange()
                .expectStatus().isOk()
                .returnResult(byte[].class).getResponseHeaders().getContentDisposition();
        return disposition.getFilename();
    }
}
