package dev.darkroom.operation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

/**
 * Reads an operation's JSON parameters and collects every problem instead of stopping at the
 * first, so a user fixing a request sees all that is wrong at once. Each problem carries a JSON
 * pointer relative to the request document (the pointer prefix is given by the caller: a job's
 * params live at {@code /params}, a batch's filters at {@code /filters/1/params}).
 *
 * <p>Usage: read each parameter with its default and range, then {@link #build} the typed
 * parameter record. {@code build} throws {@link InvalidParamsException} if anything was wrong,
 * including parameters the operation does not know.
 */
public final class Params {

    private final JsonNode node;
    private final String pointer;
    private final List<ParamViolation> violations = new ArrayList<>();
    /** In the order the factory read them, which is the order they are declared in. */
    private final Set<String> read = new LinkedHashSet<>();
    private final Set<String> ignored;

    private Params(JsonNode node, String pointer, Set<String> ignored) {
        this.node = node;
        this.pointer = pointer;
        this.ignored = ignored;
        if (node != null && !node.isNull() && !node.isMissingNode() && !node.isObject()) {
            violations.add(new ParamViolation(pointer, "must be a JSON object, got " + describe(node)));
        }
    }

    /** @param node the params object; null, JSON null or missing mean "all defaults" */
    public static Params of(JsonNode node, String pointer) {
        return new Params(node, pointer, Set.of());
    }

    /** Like {@link #of} but tolerates the given keys, which the caller reads itself. */
    public static Params of(JsonNode node, String pointer, Set<String> ignoredKeys) {
        return new Params(node, pointer, Set.copyOf(ignoredKeys));
    }

    public static Params empty() {
        return of(null, "/params");
    }

    public String pointer() {
        return pointer;
    }

    public boolean has(String name) {
        JsonNode value = value(name);
        return value != null && !value.isNull();
    }

    /** Given, and nothing reported about it so far: a value a rule between parameters may rely on. */
    public boolean valid(String name) {
        String at = pointer + "/" + name;
        return has(name) && violations.stream().noneMatch(v -> v.pointer().equals(at) || v.pointer().startsWith(at + "/"));
    }

    /** The parameters the factory asked for, known or not: what its declaration must list. */
    Set<String> readNames() {
        return Set.copyOf(read);
    }

    public int integer(String name, int defaultValue, int min, int max) {
        Integer value = integer(name, min, max);
        return value == null ? defaultValue : value;
    }

    /** A required integer; returns {@code min} (never used) when it is missing or wrong. */
    public int requiredInteger(String name, int min, int max) {
        Integer value = integer(name, min, max);
        if (value == null && !has(name)) {
            violation(name, "is required: an integer " + range(min, max));
        }
        return value == null ? min : value;
    }

    private Integer integer(String name, int min, int max) {
        JsonNode value = value(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || !value.canConvertToExactIntegral() || !value.canConvertToInt()) {
            violation(name, "must be an integer " + range(min, max) + ", got " + describe(value));
            return null;
        }
        int v = value.asInt();
        if (v < min || v > max) {
            violation(name, "must be " + range(min, max) + ", got " + v);
            return null;
        }
        return v;
    }

    public double number(String name, double defaultValue, double min, double max) {
        Double value = number(name, min, max);
        return value == null ? defaultValue : value;
    }

    public double requiredNumber(String name, double min, double max) {
        Double value = number(name, min, max);
        if (value == null && !has(name)) {
            violation(name, "is required: a number " + range(min, max));
        }
        return value == null ? min : value;
    }

    private Double number(String name, double min, double max) {
        JsonNode value = value(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            violation(name, "must be a number " + range(min, max) + ", got " + describe(value));
            return null;
        }
        double v = value.asDouble();
        if (!Double.isFinite(v) || v < min || v > max) {
            violation(name, "must be " + range(min, max) + ", got " + format(v));
            return null;
        }
        return v;
    }

    public boolean bool(String name, boolean defaultValue) {
        JsonNode value = value(name);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            violation(name, "must be true or false, got " + describe(value));
            return defaultValue;
        }
        return value.asBoolean();
    }

    /** One of a fixed set of strings, matched case-insensitively and returned as listed. */
    public String choice(String name, String defaultValue, List<String> allowed) {
        JsonNode value = value(name);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (value.isString()) {
            for (String candidate : allowed) {
                if (candidate.equalsIgnoreCase(value.asString())) {
                    return candidate;
                }
            }
        }
        violation(name, "must be one of " + String.join(", ", allowed) + ", got " + describe(value));
        return defaultValue;
    }

    /** A JSON array of numbers; null if absent. Each bad element is reported with its index. */
    public double[] numbers(String name) {
        JsonNode value = value(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            violation(name, "must be an array of numbers, got " + describe(value));
            return null;
        }
        double[] result = new double[value.size()];
        boolean ok = true;
        for (int i = 0; i < result.length; i++) {
            JsonNode element = value.get(i);
            if (!element.isNumber() || !Double.isFinite(element.asDouble())) {
                violations.add(new ParamViolation(pointer + "/" + name + "/" + i,
                        "must be a number, got " + describe(element)));
                ok = false;
            } else {
                result[i] = element.asDouble();
            }
        }
        return ok ? result : null;
    }

    /** The raw JSON of a parameter, for shapes the typed readers do not cover; marks it as read. */
    public JsonNode raw(String name) {
        return value(name);
    }

    /** Records a problem the typed readers cannot see, such as a rule between two parameters. */
    public void violation(String name, String message) {
        violations.add(new ParamViolation(name.isEmpty() ? pointer : pointer + "/" + name, message));
    }

    public List<ParamViolation> violations() {
        List<ParamViolation> all = new ArrayList<>(violations);
        for (String unknown : unknownKeys()) {
            all.add(new ParamViolation(pointer + "/" + unknown, unknownMessage()));
        }
        return all;
    }

    /**
     * Builds the typed parameters if nothing was wrong. The supplier runs only then, so a record's
     * compact constructor sees values that are already in range.
     */
    public <T> T build(Supplier<T> constructor) {
        List<ParamViolation> all = violations();
        if (!all.isEmpty()) {
            throw new InvalidParamsException(all);
        }
        return constructor.get();
    }

    private String unknownMessage() {
        if (read.isEmpty()) {
            return "is not a parameter of this operation, which takes none";
        }
        return "is not a parameter of this operation; known: " + String.join(", ", read);
    }

    private List<String> unknownKeys() {
        if (node == null || !node.isObject()) {
            return List.of();
        }
        List<String> unknown = new ArrayList<>();
        for (String key : node.propertyNames()) {
            if (!read.contains(key) && !ignored.contains(key)) {
                unknown.add(key);
            }
        }
        return unknown;
    }

    private JsonNode value(String name) {
        read.add(name);
        if (node == null || !node.isObject()) {
            return null;
        }
        return node.get(name);
    }

    private static String range(double min, double max) {
        boolean noMin = min <= -Double.MAX_VALUE || min == Integer.MIN_VALUE;
        boolean noMax = max >= Double.MAX_VALUE || max == Integer.MAX_VALUE;
        if (noMin && noMax) {
            return "(any value)";
        }
        if (noMax) {
            return ">= " + format(min);
        }
        if (noMin) {
            return "<= " + format(max);
        }
        return "between " + format(min) + " and " + format(max);
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }

    private static String describe(JsonNode value) {
        if (value.isString()) {
            String s = value.asString();
            return "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
        }
        String s = value.toString();
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
