package dev.darkroom.operation.filter;

import java.util.ArrayList;
import java.util.List;

import dev.darkroom.operation.InvalidParamsException;
import dev.darkroom.operation.Operation;
import dev.darkroom.operation.OperationFactory;
import dev.darkroom.operation.OperationSpec;
import dev.darkroom.operation.Param;
import dev.darkroom.operation.ParamViolation;
import dev.darkroom.operation.Params;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code filter} operation: any Pillow {@code ImageFilter}, by its Pillow name, with Pillow's
 * parameter names and defaults. Results match Pillow 9.4 (see src/test/pillow/README.md for how
 * closely, filter by filter). Images with alpha have it filtered like a colour channel, as Pillow
 * does for RGBA.
 */
public final class FilterOperation {

    public static final OperationSpec SPEC = new OperationSpec("filter", "Filter",
            "Any Pillow ImageFilter by its Pillow name, with Pillow's parameter names and defaults; "
                    + "results match Pillow 9.4", OperationSpec.Result.IMAGE, schema(), FilterOperation::from);

    private FilterOperation() {
    }

    /**
     * The filter's name beside its parameters, one {@code oneOf} branch per filter, picked by
     * {@code name}. Parameters of another filter are refused ({@code unevaluatedProperties}).
     */
    private static ObjectNode schema() {
        ObjectNode schema = Param.JSON.objectNode().put("type", "object");
        ObjectNode name = schema.putObject("properties").putObject("name").put("type", "string").put("title", "Filter");
        ArrayNode names = name.putArray("enum");
        names().forEach(names::add);
        schema.putArray("required").add("name");
        ArrayNode branches = schema.putArray("oneOf");
        for (PillowFilters.Filter filter : PillowFilters.all()) {
            ObjectNode branch = Param.object(filter.params()).put("title", filter.title());
            branch.remove("additionalProperties");
            if (filter.description() != null) {
                branch.put("description", filter.description());
            }
            ObjectNode properties = (ObjectNode) branch.get("properties");
            ObjectNode own = properties.deepCopy();
            properties.removeAll();
            properties.putObject("name").put("const", filter.name());
            properties.setAll(own);
            ArrayNode required = branch.has("required") ? (ArrayNode) branch.get("required") : branch.putArray("required");
            required.insert(0, "name");
            branches.add(branch);
        }
        return schema.put("unevaluatedProperties", false);
    }

    /** A job's params with the filter's name beside its parameters: {@code {"name":"GaussianBlur","radius":5}}. */
    public static Operation from(Params params) {
        return create(params.raw("name"), params, params.pointer() + "/name");
    }

    /**
     * A filter given as a name plus its own params object, as a batch lists them:
     * {@code {"name":"GaussianBlur","params":{"radius":5}}}; {@code params} may be null, JSON null
     * or missing for all defaults.
     *
     * @param pointer where this filter sits in the request, e.g. {@code /filters/1}; problems are
     *                reported at {@code pointer/name} and {@code pointer/params/...}
     */
    public static Operation from(JsonNode name, JsonNode params, String pointer) {
        return create(name, Params.of(params, pointer + "/params"), pointer + "/name");
    }

    public static List<String> names() {
        return PillowFilters.names();
    }

    private static Operation create(JsonNode name, Params params, String namePointer) {
        String problem = null;
        OperationFactory factory = null;
        if (name == null || name.isNull() || name.isMissingNode()) {
            problem = "is required: one of " + String.join(", ", names());
        } else if (!name.isString()) {
            problem = "must be a filter name, one of " + String.join(", ", names()) + ", got " + name;
        } else {
            PillowFilters.Filter filter = PillowFilters.find(name.asString());
            factory = filter == null ? null : filter.factory();
            if (factory == null) {
                problem = "unknown filter " + name + "; known: " + String.join(", ", names());
            }
        }
        if (factory == null) {
            // Without a filter we cannot tell its parameters from strays, so report only the name
            // and whether the params were an object at all.
            List<ParamViolation> violations = new ArrayList<>();
            violations.add(new ParamViolation(namePointer, problem));
            params.violations().stream().filter(v -> v.pointer().equals(params.pointer())).forEach(violations::add);
            throw new InvalidParamsException(violations);
        }
        return factory.from(params);
    }
}
