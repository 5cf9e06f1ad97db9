package dev.darkroom.job;

import java.util.Map;

import dev.darkroom.operation.OperationSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A job's parameters as they act, for telling whether two jobs would make the same result:
 * every default the operation's schema declares is filled in ({@code {}} and
 * {@code {"maxWidth":320}} are the same thumbnail) and a choice is spelt as the schema lists it
 * ({@code "JPEG"} is {@code "jpeg"}). Key order needs no care: PostgreSQL compares jsonb by value.
 * The schema is the one served at {@code /api/operations}, so "the same" follows the declared rules.
 */
final class CanonicalParams {

    private CanonicalParams() {
    }

    static ObjectNode of(OperationSpec spec, JsonNode params) {
        ObjectNode canonical = params != null && params.isObject() ? ((ObjectNode) params).deepCopy()
                : tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        fill(OperationsController.paramsSchema(spec), canonical);
        return canonical;
    }

    private static void fill(JsonNode schema, ObjectNode params) {
        JsonNode properties = schema.get("properties");
        if (properties != null && properties.isObject()) {
            for (Map.Entry<String, JsonNode> property : properties.properties()) {
                JsonNode declared = property.getValue();
                JsonNode given = params.get(property.getKey());
                if ((given == null || given.isNull()) && declared.has("default")) {
                    params.set(property.getKey(), declared.get("default"));
                } else if (given != null && given.isString() && declared.has("enum")) {
                    for (JsonNode allowed : declared.get("enum")) {
                        if (allowed.isString() && allowed.asString().equalsIgnoreCase(given.asString())) {
                            params.put(property.getKey(), allowed.asString());
                        }
                    }
                }
            }
        }
        // A oneOf picked by a discriminator (the filter's name): fill from the branch that matches.
        JsonNode branches = schema.get("oneOf");
        if (branches != null && branches.isArray()) {
            for (JsonNode branch : branches) {
                if (matches(branch, params)) {
                    fill(branch, params);
                }
            }
        }
    }

    private static boolean matches(JsonNode branch, ObjectNode params) {
        JsonNode properties = branch.get("properties");
        if (properties == null || !properties.isObject()) {
            return false;
        }
        boolean any = false;
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            JsonNode constant = property.getValue().get("const");
            if (constant != null) {
                any = true;
                JsonNode given = params.get(property.getKey());
                if (given == null || !given.equals(constant)) {
                    return false;
                }
            }
        }
        return any;
    }
}
