package dev.darkroom.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The schema each operation serves and the factory that validates its params must agree, for
 * every operation and every filter: the same parameter names, the same defaults, and the same
 * bounds. A schema edited without the code (or the reverse) fails here.
 */
class OperationSchemaTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** One case per operation, and per filter for the filter operation: its schema and a fixed name, if any. */
    record Case(String label, OperationSpec spec, ObjectNode schema, String filter) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (OperationSpec spec : Operations.all()) {
            JsonNode branches = spec.params().get("oneOf");
            if (branches == null) {
                cases.add(Arguments.of(new Case(spec.name(), spec, spec.params(), null)));
                continue;
            }
            for (JsonNode branch : branches) {
                String name = branch.at("/properties/name/const").asString();
                cases.add(Arguments.of(new Case(spec.name() + " " + name, spec, (ObjectNode) branch, name)));
            }
        }
        return cases.stream();
    }

    /** The params a form would send with every parameter left alone: required ones at their least value. */
    private static ObjectNode baseline(Case c) {
        ObjectNode params = JSON.objectNode();
        if (c.filter() != null) {
            params.put("name", c.filter());
        }
        for (JsonNode required : c.schema().path("required")) {
            String name = required.asString();
            JsonNode property = c.schema().at("/properties/" + name);
            if (params.has(name)) {
                continue;
            }
            if (property.has("enum")) {
                params.set(name, property.get("enum").get(0));
            } else if ("array".equals(property.path("type").asString())) {
                var numbers = params.putArray(name);
                for (int i = 0; i < property.get("minItems").asInt(); i++) {
                    numbers.add(1);
                }
            } else {
                params.set(name, property.get("minimum"));
            }
        }
        return params;
    }

    private static Operation build(Case c, ObjectNode params) {
        return c.spec().factory().from(Params.of(params, "/params"));
    }

    private static List<ParamViolation> problems(Case c, ObjectNode params) {
        InvalidParamsException e = catchThrowableOfType(InvalidParamsException.class, () -> build(c, params));
        return e == null ? List.of() : e.violations();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("the factory reads exactly the parameters the schema lists")
    void sameNames(Case c) {
        Params params = Params.of(baseline(c), "/params");
        assertThatCode(() -> c.spec().factory().from(params)).doesNotThrowAnyException();
        Set<String> declared = new LinkedHashSet<>(c.schema().get("properties").propertyNames());
        assertThat(params.readNames()).containsExactlyInAnyOrderElementsOf(declared);
        JsonNode closed = c.filter() == null ? c.schema().get("additionalProperties") : c.spec().params().get("unevaluatedProperties");
        assertThat(closed).as("unknown parameters are refused").isEqualTo(JSON.booleanNode(false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("a parameter left out means its declared default")
    void sameDefaults(Case c) {
        ObjectNode explicit = baseline(c);
        for (String name : c.schema().get("properties").propertyNames()) {
            JsonNode fallback = c.schema().at("/properties/" + name + "/default");
            if (!fallback.isMissingNode()) {
                explicit.set(name, fallback);
            }
        }
        assertThat(build(c, explicit)).isEqualTo(build(c, baseline(c)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("the bounds in the schema are the bounds the server enforces")
    void sameBounds(Case c) {
        for (String name : c.schema().get("properties").propertyNames()) {
            JsonNode property = c.schema().at("/properties/" + name);
            String pointer = "/params/" + name;
            boolean integer = "integer".equals(property.path("type").asString());
            boolean odd = property.at("/not/multipleOf").asInt() == 2;
            if (property.has("maximum")) {
                double max = property.get("maximum").asDouble();
                double highest = odd && max % 2 == 0 ? max - 1 : max;
                assertThat(problems(c, with(c, name, highest))).as("%s at its maximum", name).isEmpty();
                assertThat(problems(c, with(c, name, integer ? max + 1 : max + 0.5)))
                        .as("%s above its maximum", name).extracting(ParamViolation::pointer).containsExactly(pointer);
            }
            if (property.has("minimum")) {
                double min = property.get("minimum").asDouble();
                assertThat(problems(c, with(c, name, min))).as("%s at its minimum", name).isEmpty();
                assertThat(problems(c, with(c, name, integer ? min - 1 : min - 0.5)))
                        .as("%s below its minimum", name).extracting(ParamViolation::pointer).containsExactly(pointer);
                if (odd) {
                    assertThat(problems(c, with(c, name, min + 1)))
                            .as("%s even", name).extracting(ParamViolation::message).containsExactly("must be odd, got " + (int) (min + 1));
                }
            }
            if (property.at("/not/const").isNumber()) {
                assertThat(problems(c, with(c, name, property.at("/not/const").asDouble())))
                        .as("%s at the value it must not have", name).extracting(ParamViolation::pointer).containsExactly(pointer);
            }
            if (integer) {
                assertThat(problems(c, with(c, name, 1.5))).as("%s a fraction", name)
                        .extracting(ParamViolation::pointer).containsExactly(pointer);
            }
            if (property.has("enum") && !"name".equals(name)) {
                ObjectNode bad = baseline(c);
                bad.put(name, "no such value");
                assertThat(problems(c, bad)).as("%s not one of its values", name)
                        .extracting(ParamViolation::pointer).containsExactly(pointer);
            }
        }
    }

    private static ObjectNode with(Case c, String name, double value) {
        ObjectNode params = baseline(c);
        if (value == Math.rint(value)) {
            params.put(name, (long) value);
        } else {
            params.put(name, value);
        }
        return params;
    }
}
