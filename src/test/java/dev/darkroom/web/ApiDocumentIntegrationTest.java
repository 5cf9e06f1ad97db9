package dev.darkroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.darkroom.support.Api;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.TestImages;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document is true: real answers of several routes have a status the document lists
 * for them, a media type it lists, every property it requires, no property it does not know, and
 * null only where it allows null. The document is also written to target/openapi/ for the Redocly
 * lint that {@code mvn verify} runs next.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDocumentIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    WebTestClient client;

    private JsonNode doc;

    @BeforeAll
    void fetchAndWriteTheDocument() throws Exception {
        byte[] body = client.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        Files.createDirectories(Path.of("target/openapi"));
        Files.write(Path.of("target/openapi/darkroom.json"), body);
        doc = JSON.readTree(body);
    }

    @Test
    void operationsHaveTheIdsAGeneratedClientWantsAndTagsByResourceWithTheEarlierSystemsLast() {
        assertThat(operation("post", "/api/images").get("operationId").asString()).isEqualTo("uploadImages");
        assertThat(operation("post", "/api/jobs").get("operationId").asString()).isEqualTo("submitJobs");
        assertThat(operation("get", "/api/jobs/{id}").get("operationId").asString()).isEqualTo("getJob");
        assertThat(operation("get", "/api/jobs/{id}/result").get("operationId").asString()).isEqualTo("getJobResult");
        List<String> ids = new ArrayList<>();
        List<String> tagOfEachPath = new ArrayList<>();
        for (String path : doc.get("paths").propertyNames()) {
            for (JsonNode op : doc.get("paths").get(path)) {
                ids.add(op.get("operationId").asString());
                assertThat(op.get("summary").asString()).as(path).isNotBlank();
                tagOfEachPath.add(op.get("tags").get(0).asString());
            }
        }
        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.matches("[a-z][A-Za-z]+"), "camelCase without _1");
        int firstEarlier = tagOfEachPath.indexOf(tagOfEachPath.stream().filter(t -> t.startsWith("Earlier")).findFirst().orElseThrow());
        assertThat(tagOfEachPath.subList(firstEarlier, tagOfEachPath.size())).allMatch(t -> t.startsWith("Earlier"));
        assertThat(doc.get("tags").findValuesAsString("name")).startsWith("Images", "Jobs");
    }

    @Test
    void requestBodiesAreTheRealShapes() {
        JsonNode upload = operation("post", "/api/images").at("/requestBody/content/multipart~1form-data/schema/properties/file");
        assertThat(upload.get("type").asString()).isEqualTo("array");
        assertThat(upload.at("/items/format").asString()).isEqualTo("binary");
        for (String path : List.of("/upload", "/ascii", "/api/convert")) {
            assertThat(operation("post", path).at("/requestBody/content/multipart~1form-data/schema/properties/file/format").asString())
                    .as(path).isEqualTo("binary");
        }
        JsonNode batch = resolve(operation("post", "/api/batches").at("/requestBody/content/application~1json/schema"));
        assertThat(batch.get("properties").propertyNames()).containsExactlyInAnyOrder("images", "filters", "callback");
        JsonNode job = resolve(operation("post", "/api/jobs").at("/requestBody/content/application~1json/schema"));
        assertThat(job.at("/properties/operation/enum").valueStream().map(JsonNode::asString))
                .containsExactly("ascii", "colors", "filter", "grayscale", "thumbnail");
        JsonNode thumbnail = resolve(doc.at("/components/schemas/ThumbnailParams"));
        assertThat(thumbnail.at("/properties/maxWidth/maximum").asInt()).isEqualTo(4096);
        assertThat(operation("delete", "/api/images/{id}").get("responses").has("204")).isTrue();
        assertThat(operation("get", "/api/images/{id}/thumbnail").at("/responses/200/content").propertyNames())
                .containsExactlyInAnyOrder("image/jpeg", "image/png");
    }

    @Test
    void realAnswersMatchTheirDocumentedShapes() {
        Api api = new Api(client);
        JsonNode uploaded = check("post", "/api/images", client.post().uri("/api/images")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(TestImages.files("doc.png", TestImages.generated(40, 30, "png"))).exchange());
        UUID image = UUID.fromString(uploaded.at("/images/0/id").asString());
        check("get", "/api/images/{id}", client.get().uri("/api/images/{id}", image).exchange());
        check("get", "/api/images", client.get().uri("/api/images?limit=2").exchange());

        JsonNode submitted = check("post", "/api/jobs", client.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("imageIds", List.of(image), "operation", "thumbnail", "params", Map.of("maxWidth", 10)))
                .exchange());
        UUID job = UUID.fromString(submitted.at("/jobs/0/id").asString());
        api.awaitJob(job);
        check("get", "/api/jobs/{id}", client.get().uri("/api/jobs/{id}", job).exchange());
        check("get", "/api/jobs", client.get().uri("/api/jobs?limit=5").exchange());
        check("get", "/api/jobs/{id}/result", client.get().uri("/api/jobs/{id}/result", job).exchange());
        check("get", "/api/operations", client.get().uri("/api/operations").exchange());

        check("post", "/api/convert", client.post().uri("/api/convert").contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(TestImages.files("small.png", TestImages.generated(20, 20, "png"))).exchange());
        check("post", "/upload", client.post().uri("/upload").contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(TestImages.files("art.png", TestImages.generated(20, 20, "png"))).exchange());

        // Problems: each documented for its route, each a Problem.
        check("get", "/api/jobs/{id}", client.get().uri("/api/jobs/{id}", UUID.randomUUID()).exchange());
        check("post", "/api/jobs", client.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("imageIds", List.of(image), "operation", "ascii", "params", Map.of("width", 0))).exchange());
        check("get", "/api/operations", client.get().uri("/api/operations").accept(MediaType.APPLICATION_XML).exchange());
        check("delete", "/api/images/{id}", client.method(HttpMethod.DELETE).uri("/api/images/{id}", image).exchange());
    }

    /** Checks one real answer against the document; returns its JSON body, if it has one. */
    private JsonNode check(String method, String path, WebTestClient.ResponseSpec spec) {
        EntityExchangeResult<byte[]> result = spec.expectBody(byte[].class).returnResult();
        String status = String.valueOf(result.getStatus().value());
        JsonNode response = operation(method, path).at("/responses/" + status);
        assertThat(response.isMissingNode()).as("%s %s answered %s, which the document does not list", method, path, status).isFalse();
        if (result.getResponseBody() == null || result.getResponseBody().length == 0) {
            assertThat(response.has("content")).as("%s %s %s has no body", method, path, status).isFalse();
            return null;
        }
        MediaType type = result.getResponseHeaders().getContentType();
        String documented = response.get("content").propertyNames().stream()
                .filter(name -> MediaType.parseMediaType(name).isCompatibleWith(type)).findFirst()
                .orElseThrow(() -> new AssertionError(method + " " + path + " " + status + " answered " + type
                        + ", documented " + response.get("content").propertyNames()));
        if (!type.getSubtype().contains("json")) {
            return null;
        }
        JsonNode body = JSON.readTree(result.getResponseBody());
        List<String> problems = new ArrayList<>();
        conforms(body, response.at("/content/" + documented.replace("/", "~1") + "/schema"), "", problems);
        assertThat(problems).as("%s %s %s: %s", method, path, status, body).isEmpty();
        return body;
    }

    /** A small JSON Schema check: types (null included), required, known properties, items, oneOf and $ref. */
    private void conforms(JsonNode value, JsonNode schema, String at, List<String> problems) {
        schema = resolve(schema);
        if (schema.has("oneOf")) {
            for (JsonNode branch : schema.get("oneOf")) {
                List<String> attempt = new ArrayList<>();
                conforms(value, branch, at, attempt);
                if (attempt.isEmpty()) {
                    return;
                }
            }
            problems.add(at + ": matches no oneOf branch");
            return;
        }
        JsonNode type = schema.get("type");
        if (type != null) {
            List<String> types = type.isArray() ? type.valueStream().map(JsonNode::asString).toList() : List.of(type.asString());
            if (!types.contains(typeOf(value)) && !(types.contains("number") && value.isIntegralNumber())) {
                problems.add(at + ": is " + typeOf(value) + ", documented " + types);
                return;
            }
        }
        if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asString())) {
                    problems.add(at + "/" + required.asString() + ": required but missing");
                }
            }
            JsonNode properties = schema.get("properties");
            for (String name : value.propertyNames()) {
                if (properties != null && properties.has(name)) {
                    conforms(value.get(name), properties.get(name), at + "/" + name, problems);
                } else if (properties != null && !schema.has("additionalProperties")) {
                    problems.add(at + "/" + name + ": not documented");
                }
            }
        } else if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                conforms(value.get(i), schema.get("items"), at + "/" + i, problems);
            }
        }
    }

    private static String typeOf(JsonNode value) {
        return switch (value.getNodeType()) {
            case NULL -> "null";
            case BOOLEAN -> "boolean";
            case NUMBER -> value.isIntegralNumber() ? "integer" : "number";
            case STRING -> "string";
            case ARRAY -> "array";
            default -> "object";
        };
    }

    private JsonNode resolve(JsonNode schema) {
        while (schema.has("$ref")) {
            schema = doc.at(schema.get("$ref").asString().substring(1));
        }
        return schema;
    }

    private JsonNode operation(String method, String path) {
        JsonNode op = doc.path("paths").path(path).path(method);
        assertThat(op.isMissingNode()).as("%s %s is documented", method, path).isFalse();
        return op;
    }
}
