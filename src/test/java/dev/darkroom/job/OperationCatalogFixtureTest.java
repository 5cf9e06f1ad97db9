package dev.darkroom.job;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.darkroom.operation.Operations;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web app's unit tests build their forms from web/src/lib/operations.fixture.json, a copy of
 * GET /api/operations. This keeps the copy equal to what the server serves, so those tests test
 * the real schema.
 */
class OperationCatalogFixtureTest {

    private static final Path FIXTURE = Path.of("web/src/lib/operations.fixture.json");

    @Test
    void theWebAppsCopyOfTheCatalogIsWhatTheServerServes() throws Exception {
        JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        JsonNode served = json.valueToTree(OperationsController.Catalog.of(Operations.all()));
        if (!Files.exists(FIXTURE) || !json.readTree(FIXTURE.toFile()).equals(served)) {
            Path fresh = Path.of("target/operations.fixture.json");
            Files.createDirectories(fresh.getParent());
            Files.writeString(fresh, json.writeValueAsString(served) + "\n");
            throw new AssertionError(FIXTURE + " is missing or out of date: the operations changed. cp " + fresh + " " + FIXTURE);
        }
    }
}
