package dev.darkroom.operation.filter;

import java.util.ArrayList;
import java.util.List;

import dev.darkroom.operation.InvalidParamsException;
import dev.darkroom.operation.Operation;
import dev.darkroom.operation.OperationFactory;
import dev.darkroom.operation.ParamViolation;
import dev.darkroom.operation.Params;
import tools.jackson.databind.JsonNode;

/**
 * The {@code filter} operation: any Pillow {@code ImageFilter}, by its Pillow name, with Pillow's
 * parameter names and defaults. Results match Pillow 9.4 (see src/test/pillow/README.md for how
 * closely, filter by filter). Images with alpha have it filtered like a colour channel, as Pillow
 * does for RGBA.
 */
public final class FilterOperation {

    private FilterOperation() {
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
            factory = PillowFilters.find(name.asString());
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
