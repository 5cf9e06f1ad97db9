package dev.darkroom.web;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.darkroom.support.IntegrationTest;

@IntegrationTest
class ApiDocumentIntegrationTest {

    @Autowired
    WebTestClient client;

    @Test
    void writesTheDocument() throws Exception {
        byte[] doc = client.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        Files.createDirectories(Path.of("target/openapi"));
        Files.write(Path.of("target/openapi/darkroom.json"), doc);
    }
}
