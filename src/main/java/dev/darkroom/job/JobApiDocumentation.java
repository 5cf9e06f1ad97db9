package dev.darkroom.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import dev.darkroom.operation.OperationSpec;
import dev.darkroom.operation.Operations;
import dev.darkroom.work.Priority;
import dev.darkroom.web.ApiDocumentation;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The job request in the API description, made from the operation declarations: one
 * {@code <Name>Params} schema per operation (the same JSON Schema GET /api/operations serves) and
 * {@code JobRequest}, whose {@code params} is the one its {@code operation} names.
 */
@Configuration(proxyBeanMethods = false)
class JobApiDocumentation {

    @Bean
    OpenApiCustomizer jobRequestSchemas(JobProperties properties) {
        int maxImages = properties.maxImages();
        return api -> {
            JsonNodeFactory json = JsonNodeFactory.instance;
            ObjectNode request = json.objectNode().put("type", "object")
                    .put("description", "One job per image; params as the operation declares them (GET /api/operations). "
                            + "Other fields are refused.");
            request.putArray("required").add("imageIds").add("operation");
            ObjectNode fields = request.putObject("properties");
            fields.putObject("imageIds").put("type", "array").put("minItems", 1).put("maxItems", maxImages)
                    .put("description", "The images to run it on; repeated ids run once")
                    .putObject("items").put("type", "string").put("format", "uuid");
            ArrayNode names = fields.putObject("operation").put("type", "string").putArray("enum");
            fields.putObject("params").put("type", "object").put("description", "The operation's parameters; "
                    + "defaults for those left out");
            fields.putObject("callback").put("$ref", "#/components/schemas/CallbackRequest");
            fields.putObject("force").put("type", "boolean").put("default", !properties.reuseResults())
                    .put("description", "Run even when an earlier succeeded job of this owner made the same result "
                            + "(same image bytes, operation and parameters); otherwise such a job takes that result at once, "
                            + "reused: true");
            ObjectNode priority = fields.putObject("priority").put("type", "string").put("default", "normal")
                    .put("description", "high: someone is waiting for it (the web app's single runs); it goes to the "
                            + "interactive queue and takes memory and conversion threads before bulk work. normal: "
                            + "bulk work, in order of submission");
            for (Priority p : Priority.values()) {
                priority.withArray("enum").add(p.name());
            }
            List<ObjectNode> branches = new ArrayList<>();
            for (OperationSpec spec : Operations.all()) {
                names.add(spec.name());
                String component = componentName(spec);
                ObjectNode schema = OperationsController.paramsSchema(spec);
                schema.remove("$schema");
                api.getComponents().addSchemas(component, ApiDocumentation.schema(schema.toString()));
                ObjectNode branch = json.objectNode().put("title", spec.name());
                branch.putArray("required").add("operation");
                ObjectNode own = branch.putObject("properties");
                own.putObject("operation").put("const", spec.name());
                own.putObject("params").put("$ref", "#/components/schemas/" + component);
                branches.add(branch);
            }
            request.putArray("oneOf").addAll(branches);
            request.put("additionalProperties", false);
            api.getComponents().addSchemas("JobRequest", ApiDocumentation.schema(request.toString()));
            api.getComponents().addSchemas("Colors", ApiDocumentation.schema(COLORS));
        };
    }

    /** The result of a colors job (operation.DominantColors). */
    private static final String COLORS = """
            {"type": "object", "required": ["colors"], "properties": {"colors": {"type": "array", "maxItems": 4,
              "description": "Heaviest first; greys left out, so a grey picture has none",
              "items": {"type": "object", "required": ["hex", "rgb", "hue", "saturation", "lightness", "weight"], "properties": {
                "hex": {"type": "string", "pattern": "^#[0-9a-f]{6}$"},
                "rgb": {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 255}, "minItems": 3, "maxItems": 3},
                "hue": {"type": "integer", "minimum": 0, "maximum": 359, "description": "Degrees"},
                "saturation": {"type": "number", "minimum": 0, "maximum": 1, "description": "As in HSL"},
                "lightness": {"type": "number", "minimum": 0, "maximum": 1, "description": "As in HSL"},
                "weight": {"type": "number", "minimum": 0, "maximum": 1, "description": "Share of the coloured pixels"}}}}}}
            """;

    /** thumbnail → ThumbnailParams */
    static String componentName(OperationSpec spec) {
        return spec.name().substring(0, 1).toUpperCase(Locale.ROOT) + spec.name().substring(1) + "Params";
    }
}
