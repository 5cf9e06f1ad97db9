package dev.darkroom.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.support.Api;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.TestImages;
import tools.jackson.databind.JsonNode;

/**
 * Paging through jobs (GET /api/jobs) and the ASCII service's /list with cursors, filters, and
 * refusals of cursors the service did not issue. The test context is shared, so other tests' jobs
 * are on the same lists: the assertions are about this test's own jobs and about the pages' shape.
 */
@IntegrationTest
class JobPagingIntegrationTest {

    @Autowired
    WebTestClient client;

    private JsonNode get(String uri) {
        return client.get().uri(uri).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** Every job of a filtered listing, walked with next, checking each page on the way. */
    private List<JsonNode> walk(String query, int limit, Runnable afterFirstPage) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = get("/api/jobs?limit=" + limit + query + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.get("jobs").size()).isLessThanOrEqualTo(limit);
            page.get("jobs").forEach(all::add);
            cursor = page.get("next").isNull() ? null : page.get("next").asString();
            if (cursor != null) {
                assertThat(page.get("jobs").size()).as("only the last page is short").isEqualTo(limit);
            }
            if (++pages == 1) {
                afterFirstPage.run();
            }
        } while (cursor != null);
        return all;
    }

    @Test
    void pagesThroughJobsNewestFirstWithNextFilteredByOperationAndStatus() {
        Api api = new Api(client);
        UUID image = api.uploadId("paged.png", TestImages.generated(8, 8, "png"));
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mine.add(api.submitId(image, "thumbnail", Map.of("maxWidth", 4 + i)).toString());
        }
        mine.forEach(id -> api.awaitJob(UUID.fromString(id)));

        // A job started while a client is on page 1 neither repeats nor hides the jobs on later pages.
        List<JsonNode> walked = walk("&operation=thumbnail", 2,
                () -> api.submitId(image, "thumbnail", Map.of("maxWidth", 99)));

        List<String> ids = walked.stream().map(job -> job.get("id").asString()).toList();
        assertThat(new HashSet<>(ids)).as("no job on two pages").hasSize(ids.size());
        assertThat(walked).allSatisfy(job -> assertThat(job.get("operation").asString()).isEqualTo("thumbnail"));
        assertThat(ids).containsSubsequence(mine.reversed());
        for (int i = 1; i < walked.size(); i++) {
            assertThat(walked.get(i).get("createdAt").asString()).as("newest first")
                    .isLessThanOrEqualTo(walked.get(i - 1).get("createdAt").asString());
        }

        List<JsonNode> ended = walk("&operation=thumbnail&status=succeeded,failed", 3, () -> { });
        assertThat(ended).allSatisfy(job -> assertThat(job.get("status").asString()).isIn("succeeded", "failed"));
        assertThat(ended.stream().map(job -> job.get("id").asString())).containsAll(mine);
        List<JsonNode> repeated = walk("&status=succeeded&status=cancelled", 50, () -> { });
        assertThat(repeated).allSatisfy(job -> assertThat(job.get("status").asString()).isIn("succeeded", "cancelled"));
        assertThat(walk("&operation=thumbnail&status=queued", 50, () -> { }))
                .noneMatch(job -> mine.contains(job.get("id").asString()));
    }

    private static String token(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCraftedOrForeignCursorIsA400ProblemNeverA500() {
        Api api = new Api(client);
        api.uploadId("a.png", TestImages.generated(8, 8, "png"));
        api.uploadId("b.png", TestImages.generated(8, 8, "png"));
        String imageCursor = get("/api/images?limit=1").get("next").asString();
        UUID id = UUID.randomUUID();
        List<String> cursors = List.of("not-a-cursor", "%%%", token("job:1:2"), token("job:99999999999999999:0:" + id),
                token("job:-99999999999:0:" + id), token("job:1:-5:" + id), token("job:1:0:not-a-uuid"),
                token("image:1:0:" + id), imageCursor);
        for (String cursor : cursors) {
            client.get().uri(builder -> builder.path("/api/jobs").queryParam("cursor", "{c}").build(cursor))
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.type").isEqualTo("/problems/invalid-cursor");
        }
        String jobCursor = get("/api/jobs?limit=1").get("next").asString();
        for (String cursor : List.of(jobCursor, "garbage", token("99999999999999999:0:" + id))) {
            for (String path : List.of("/list", "/api/images")) {
                client.get().uri(builder -> builder.path(path).queryParam("cursor", "{c}").build(cursor))
                        .exchange()
                        .expectStatus().isBadRequest()
                        .expectBody().jsonPath("$.type").isEqualTo("/problems/invalid-cursor");
            }
        }
    }

    @Test
    void namesABadStatusOperationOrLimit() {
        client.get().uri("/api/jobs?status=done").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("/problems/invalid-parameters")
                .jsonPath("$.detail").value(String.class, detail -> assertThat(detail)
                        .contains("status must be one of queued, running, succeeded, failed, cancelled").contains("\"done\""));
        client.get().uri("/api/jobs?operation=sepia").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(String.class, detail -> assertThat(detail)
                        .contains("operation must be one of").contains("\"sepia\""));
        client.get().uri("/api/jobs?limit=501").exchange().expectStatus().isBadRequest();
        client.get().uri("/list?limit=0").exchange().expectStatus().isBadRequest();
    }

    @Test
    void listPagesWithALinkToTheNextPage() {
        Api api = new Api(client);
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            mine.add(api.uploadId("list-" + i + ".png", TestImages.generated(8, 8, "png")).toString());
        }
        List<String> seen = new ArrayList<>();
        String next = "/list?limit=2";
        while (next != null && !seen.containsAll(mine)) {
            EntityExchangeResult<JsonNode> page = client.get().uri(next).exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult();
            JsonNode body = page.getResponseBody();
            assertThat(body.isArray()).as("the ASCII service's clients read an array").isTrue();
            assertThat(body.size()).isLessThanOrEqualTo(2);
            body.forEach(item -> seen.add(item.get("image_id").asString()));
            String link = page.getResponseHeaders().getFirst(HttpHeaders.LINK);
            if (link == null) {
                next = null;
            } else {
                assertThat(link).matches("</list\\?limit=2&cursor=[A-Za-z0-9_-]+>; rel=\"next\"");
                next = link.substring(1, link.indexOf('>'));
            }
        }
        Set<String> distinct = new HashSet<>(seen);
        assertThat(distinct).hasSize(seen.size());
        assertThat(seen).containsSubsequence(mine.reversed());
    }

    @Test
    void aRepeatedImageIdIsRefusedNamingBothPlaces() {
        Api api = new Api(client);
        UUID a = api.uploadId("a.png", TestImages.generated(8, 8, "png"));
        UUID b = api.uploadId("b.png", TestImages.generated(8, 8, "png"));
        client.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("imageIds", List.of(a, b, a, a), "operation", "grayscale"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors.length()").isEqualTo(2)
                .jsonPath("$.errors[0].pointer").isEqualTo("/imageIds/2")
                .jsonPath("$.errors[0].detail").value(String.class, detail -> assertThat(detail)
                        .startsWith("repeats /imageIds/0 (" + a + ")"))
                .jsonPath("$.errors[1].pointer").isEqualTo("/imageIds/3");
    }

    @Test
    void aBatchRefusesUnknownTopLevelFieldsAndARepeatedFilter() {
        String png = Base64.getEncoder().encodeToString(TestImages.generated(8, 8, "png"));
        client.post().uri("/api/batches").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("images", List.of(Map.of("name", "a.png", "data", png)),
                        "filters", List.of(Map.of("name", "BLUR"), Map.of("name", "GaussianBlur", "params", Map.of("radius", 2)),
                                Map.of("name", "BLUR", "params", Map.of())),
                        "priority", "high"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[?(@.pointer == '/priority')].detail")
                .isEqualTo("is not a field of a batch, which has \"images\" and \"filters\"")
                .jsonPath("$.errors[?(@.pointer == '/filters/2')].detail").value(List.class, details ->
                        assertThat(details.getFirst().toString()).startsWith("repeats /filters/0"));
    }
}
