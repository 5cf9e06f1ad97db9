package dev.darkroom.operation;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One parameter of an operation, declared as data, as Thumbor declares its filters' arguments: the
 * same declaration reads and validates the value ({@code read}, through {@link Params}, which keeps
 * the messages) and describes it as JSON Schema ({@link #schema}), which {@code GET /api/operations}
 * serves and the web app builds its forms from. So the rules a client is shown are the rules the
 * server applies.
 *
 * <p>Rules between two parameters (a rank that must fit the window, a kernel that must fill its
 * size) cannot be said per parameter; the operation checks those itself and says them in its
 * description.
 */
public sealed interface Param {

    JsonNodeFactory JSON = JsonNodeFactory.instance;

    String name();

    /** A label for a form, e.g. "Max width". */
    String title();

    /** Said to people beside the title; null if the title says it all. */
    String description();

    boolean required();

    /** This parameter's JSON Schema (draft 2020-12). */
    ObjectNode schema();

    static IntParam integer(String name, String title, int min, int max) {
        return new IntParam(name, title, null, min, max, null, false);
    }

    static NumberParam number(String name, String title, double min, double max) {
        return new NumberParam(name, title, null, min, max, null, true, false);
    }

    static BoolParam bool(String name, String title, boolean defaultValue) {
        return new BoolParam(name, title, null, defaultValue);
    }

    static ChoiceParam choice(String name, String title, List<String> allowed, String defaultValue) {
        return new ChoiceParam(name, title, null, List.copyOf(allowed), defaultValue);
    }

    /** An array of numbers; {@code what} completes "is required: " when it is missing. */
    static NumbersParam numbers(String name, String title, int minItems, int maxItems, String what) {
        return new NumbersParam(name, title, null, minItems, maxItems, what);
    }

    /** Exactly one of a few JSON values, such as a kernel's size [3, 3] or [5, 5]. */
    static ValueParam oneOf(String name, String title, List<JsonNode> allowed) {
        return new ValueParam(name, title, null, List.copyOf(allowed));
    }

    /** An integer in [min, max]; required unless it has a default; optionally odd (a window needs a centre). */
    record IntParam(String name, String title, String description, int min, int max, Integer defaultValue, boolean onlyOdd)
            implements Param {

        public IntParam byDefault(int value) {
            return new IntParam(name, title, description, min, max, value, onlyOdd);
        }

        public IntParam odd() {
            return new IntParam(name, title, description, min, max, defaultValue, true);
        }

        public IntParam described(String text) {
            return new IntParam(name, title, text, min, max, defaultValue, onlyOdd);
        }

        @Override
        public boolean required() {
            return defaultValue == null;
        }

        public int read(Params params) {
            int value = required() ? params.requiredInteger(name, min, max) : params.integer(name, defaultValue, min, max);
            if (onlyOdd && value % 2 == 0) {
                params.violation(name, "must be odd, got " + value);
            }
            return value;
        }

        @Override
        public ObjectNode schema() {
            ObjectNode schema = head(this, "integer");
            if (min != Integer.MIN_VALUE) {
                schema.put("minimum", min);
            }
            if (max != Integer.MAX_VALUE) {
                schema.put("maximum", max);
            }
            if (onlyOdd) {
                schema.putObject("not").put("multipleOf", 2);
            }
            if (defaultValue != null) {
                schema.put("default", defaultValue);
            }
            return schema;
        }
    }

    /**
     * A finite number in [min, max]. Without a default it is required, unless declared
     * {@link #optional()}, when absence means "the operation decides". {@link #nonZero()} refuses a
     * value that is 0 as a float32, which is how the filters compute.
     */
    record NumberParam(String name, String title, String description, double min, double max, Double defaultValue,
                       boolean mandatory, boolean refuseZero) implements Param {

        public NumberParam byDefault(double value) {
            return new NumberParam(name, title, description, min, max, value, true, refuseZero);
        }

        public NumberParam optional() {
            return new NumberParam(name, title, description, min, max, null, false, refuseZero);
        }

        public NumberParam nonZero() {
            return new NumberParam(name, title, description, min, max, defaultValue, mandatory, true);
        }

        public NumberParam described(String text) {
            return new NumberParam(name, title, text, min, max, defaultValue, mandatory, refuseZero);
        }

        @Override
        public boolean required() {
            return mandatory && defaultValue == null;
        }

        /** The value, its default, or null for an optional parameter that was not given. */
        public Double read(Params params) {
            Double value;
            if (required()) {
                value = params.requiredNumber(name, min, max);
            } else if (defaultValue != null) {
                value = params.number(name, defaultValue, min, max);
            } else {
                double read = params.number(name, Double.NaN, min, max);
                value = Double.isNaN(read) ? null : read;
            }
            if (refuseZero && value != null && params.has(name) && (float) value.doubleValue() == 0f) {
                params.violation(name, "must not be 0, got " + params.raw(name));
            }
            return value;
        }

        @Override
        public ObjectNode schema() {
            ObjectNode schema = head(this, "number");
            if (min > -Double.MAX_VALUE) {
                schema.put("minimum", min);
            }
            if (max < Double.MAX_VALUE) {
                schema.put("maximum", max);
            }
            if (refuseZero) {
                schema.putObject("not").put("const", 0);
            }
            if (defaultValue != null) {
                schema.put("default", defaultValue);
            }
            return schema;
        }
    }

    record BoolParam(String name, String title, String description, boolean defaultValue) implements Param {

        public BoolParam described(String text) {
            return new BoolParam(name, title, text, defaultValue);
        }

        @Override
        public boolean required() {
            return false;
        }

        public boolean read(Params params) {
            return params.bool(name, defaultValue);
        }

        @Override
        public ObjectNode schema() {
            return head(this, "boolean").put("default", defaultValue);
        }
    }

    /** One of a few strings, matched case-insensitively and read as listed. */
    record ChoiceParam(String name, String title, String description, List<String> allowed, String defaultValue)
            implements Param {

        public ChoiceParam described(String text) {
            return new ChoiceParam(name, title, text, allowed, defaultValue);
        }

        @Override
        public boolean required() {
            return false;
        }

        public String read(Params params) {
            return params.choice(name, defaultValue, allowed);
        }

        @Override
        public ObjectNode schema() {
            ObjectNode schema = head(this, "string");
            ArrayNode values = schema.putArray("enum");
            allowed.forEach(values::add);
            return schema.put("default", defaultValue);
        }
    }

    record NumbersParam(String name, String title, String description, int minItems, int maxItems, String what)
            implements Param {

        public NumbersParam described(String text) {
            return new NumbersParam(name, title, text, minItems, maxItems, what);
        }

        @Override
        public boolean required() {
            return true;
        }

        /** The numbers, or null if they are missing or wrong (and then that is reported). */
        public double[] read(Params params) {
            double[] values = params.numbers(name);
            if (values == null && !params.has(name)) {
                params.violation(name, "is required: " + what);
            }
            return values;
        }

        @Override
        public ObjectNode schema() {
            ObjectNode schema = head(this, "array");
            schema.putObject("items").put("type", "number");
            return schema.put("minItems", minItems).put("maxItems", maxItems);
        }
    }

    /** Exactly one of the listed JSON values (compared as JSON: [3.0, 3.0] is not [3, 3]). */
    record ValueParam(String name, String title, String description, List<JsonNode> allowed) implements Param {

        public ValueParam described(String text) {
            return new ValueParam(name, title, text, allowed);
        }

        @Override
        public boolean required() {
            return true;
        }

        /** The value as listed, or null if it is missing or not one of them (and then that is reported). */
        public JsonNode read(Params params) {
            JsonNode value = params.raw(name);
            if (value == null || value.isNull()) {
                params.violation(name, "is required: " + choices());
                return null;
            }
            for (JsonNode candidate : allowed) {
                if (candidate.equals(value)) {
                    return candidate;
                }
            }
            params.violation(name, "must be " + choices() + ", got " + value);
            return null;
        }

        /** "[3, 3] or [5, 5]" */
        private String choices() {
            return allowed.stream().map(ValueParam::text).collect(Collectors.joining(" or "));
        }

        private static String text(JsonNode value) {
            if (!value.isArray()) {
                return value.toString();
            }
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(text(item)));
            return "[" + String.join(", ", items) + "]";
        }

        @Override
        public ObjectNode schema() {
            ObjectNode schema = JSON.objectNode().put("title", title);
            if (description != null) {
                schema.put("description", description);
            }
            ArrayNode values = schema.putArray("enum");
            allowed.forEach(values::add);
            return schema;
        }
    }

    private static ObjectNode head(Param param, String type) {
        ObjectNode schema = JSON.objectNode().put("type", type).put("title", param.title());
        if (param.description() != null) {
            schema.put("description", param.description());
        }
        return schema;
    }

    /**
     * The schema of a params object holding exactly these parameters (plus {@code shared} ones,
     * such as a job's result format, declared elsewhere).
     */
    static ObjectNode object(List<? extends Param> params) {
        ObjectNode schema = JSON.objectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = JSON.arrayNode();
        for (Param param : params) {
            properties.set(param.name(), param.schema());
            if (param.required()) {
                required.add(param.name());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        // Unknown parameters are refused, not ignored: a misspelt one would otherwise do nothing.
        return schema.put("additionalProperties", false);
    }
}
