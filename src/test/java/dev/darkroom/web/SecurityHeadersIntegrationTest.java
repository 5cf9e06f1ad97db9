package dev.darkroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.support.IntegrationTest;

/** Every answer, pages, API and problems alike, carries the browser protections. */
@IntegrationTest
class SecurityHeadersIntegrationTest {

    @Autowired
    WebTestClient client;

    @Test
    void everyKindOfAnswerCarriesTheSecurityHeaders() {
        for (String path : List.of("/", "/gallery", "/api/images", "/api/images/" + UUID.randomUUID(), "/api/images/nope",
                "/nowhere", "/v3/api-docs", "/problems/image-not-found")) {
            HttpHeaders headers = client.get().uri(path).exchange().returnResult(byte[].class).getResponseHeaders();
            String csp = headers.getFirst("Content-Security-Policy");
            assertThat(csp).as(path).contains("script-src 'self';").contains("frame-ancestors 'none'")
                    .contains("object-src 'none'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(headers.getFirst("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(headers.getFirst("X-Frame-Options")).as(path).isEqualTo("DENY");
            assertThat(headers.getFirst("Referrer-Policy")).as(path).isEqualTo("no-referrer");
        }
    }

    /** Each of the web app's routes answers with the app, so a reload or a shared link opens that page. */
    @Test
    void everyPageOfTheWebAppIsServed() {
        for (String path : List.of("/", "/images", "/images/" + UUID.randomUUID(), "/gallery", "/jobs", "/webhooks")) {
            client.get().uri(path).accept(MediaType.TEXT_HTML).exchange().expectStatus().isOk();
        }
    }

    /** The problem-type pages' one inline style is allowed by its hash, and nothing else inline is. */
    @Test
    void theProblemPagesInlineStyleIsAllowedByItsHash() throws Exception {
        var result = client.get().uri("/problems/image-not-found").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isOk().returnResult(String.class);
        String html = String.join("", result.getResponseBody().collectList().block());
        String style = html.substring(html.indexOf("<style>") + 7, html.indexOf("</style>"));
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(style.getBytes(StandardCharsets.UTF_8)));
        assertThat(result.getResponseHeaders().getFirst("Content-Security-Policy")).contains("'sha256-" + hash + "'");
        assertThat(html).doesNotContain("<script").doesNotContain("style=");
    }
}
