package dev.darkroom.job;

import java.util.List;
import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import dev.darkroom.operation.OperationSpec;
import dev.darkroom.operation.Operations;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /api/operations}: what a job may do, with each operation's params as JSON Schema.
 * Clients build forms and check requests from it instead of keeping a copy of the rules. It lives
 * with jobs because a job's params also hold the result format ({@link ResultFormat}).
 */
@RestController
@Tag(name = "Operations")
class OperationsController {

    static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

    @Operation(operationId = "listOperations", summary = "The operations, each with its parameters as JSON Schema",
            description = "operations lists the names; details gives each one's title, what it makes and the JSON "
                    + "Schema (draft 2020-12) of a job's params for it, generated from the declarations the server "
                    + "validates with.")
    @GetMapping(path = "/api/operations", produces = MediaType.APPLICATION_JSON_VALUE)
    Catalog operations() {
        return Catalog.of(Operations.all());
    }

    @Schema(name = "OperationCatalog")
    record Catalog(
            @Schema(description = "The operation names, sorted") List<String> operations,
            @Schema(description = "Each operation, in the same order") List<Details> details) {

        static Catalog of(List<OperationSpec> specs) {
            return new Catalog(specs.stream().map(OperationSpec::name).toList(), specs.stream().map(Details::of).toList());
        }
    }

    @Schema(name = "OperationDetails")
    record Details(
            String name,
            String title,
            @Nullable String description,
            @Schema(description = "What a job of it stores", allowableValues = {"image", "text", "json"}) String result,
            @Schema(description = "The media types its result may have") List<String> mediaTypes,
            @Schema(description = "JSON Schema (draft 2020-12) of a job's params for this operation, result format "
                    + "included") JsonNode params) {

        static Details of(OperationSpec spec) {
            return new Details(spec.name(), spec.title(), spec.description(), spec.result().name().toLowerCase(Locale.ROOT),
                    mediaTypesOf(spec.result()), paramsSchema(spec));
        }
    }

    static List<String> mediaTypesOf(OperationSpec.Result result) {
        return switch (result) {
            case IMAGE -> List.of(MediaType.IMAGE_PNG_VALUE, MediaType.IMAGE_JPEG_VALUE, "image/webp");
            case TEXT -> List.of(MediaType.TEXT_PLAIN_VALUE);
            case JSON -> List.of(MediaType.APPLICATION_JSON_VALUE);
        };
    }

    /** What a job's params may hold for this operation: its own parameters and the result format. */
    static ObjectNode paramsSchema(OperationSpec spec) {
        ObjectNode schema = JsonNodeFactory.instance.objectNode().put("$schema", DIALECT).put("title", spec.title());
        schema.setAll(ResultFormat.addTo(spec.paramsSchema()));
        return schema;
    }
}
