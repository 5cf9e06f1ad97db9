package dev.darkroom.operation.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.darkroom.operation.InvalidParamsException;
import dev.darkroom.operation.ParamViolation;
import dev.darkroom.operation.Params;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class FilterValidationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String KNOWN = "BLUR, BoxBlur, CONTOUR, DETAIL, EDGE_ENHANCE, EDGE_ENHANCE_MORE, EMBOSS, "
            + "FIND_EDGES, GaussianBlur, Kernel, MaxFilter, MedianFilter, MinFilter, ModeFilter, RankFilter, "
            + "SHARPEN, SMOOTH, SMOOTH_MORE, UnsharpMask";

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    /** The job form: name and parameters side by side under /params. */
    private static List<String> problems(String params) {
        InvalidParamsException e = assertThrows(InvalidParamsException.class,
                () -> FilterOperation.from(Params.of(json(params), "/params")));
        return e.violations().stream().map(ParamViolation::toString).toList();
    }

    @Test
    @DisplayName("names lists every Pillow filter in a stable order")
    void names() {
        assertEquals(List.of(KNOWN.split(", ")), FilterOperation.names());
    }

    @Test
    @DisplayName("a negative radius names the parameter, the value and the range")
    void negativeRadius() {
        assertEquals(List.of("/params/radius: must be between 0 and 1000, got -2"),
                problems("{\"name\":\"GaussianBlur\",\"radius\":-2}"));
    }

    @Test
    @DisplayName("an unknown filter name lists the known ones")
    void unknownName() {
        assertEquals(List.of("/params/name: unknown filter \"NoSuchFilter\"; known: " + KNOWN),
                problems("{\"name\":\"NoSuchFilter\",\"radius\":2}"));
    }

    @Test
    @DisplayName("filter names are Pillow's, case included")
    void caseSensitiveName() {
        assertEquals(List.of("/params/name: unknown filter \"gaussianblur\"; known: " + KNOWN),
                problems("{\"name\":\"gaussianblur\"}"));
    }

    @Test
    @DisplayName("a missing or non-text name is reported on name")
    void missingName() {
        assertEquals(List.of("/params/name: is required: one of " + KNOWN), problems("{\"radius\":2}"));
        assertEquals(List.of("/params/name: must be a filter name, one of " + KNOWN + ", got 7"),
                problems("{\"name\":7}"));
    }

    @Test
    @DisplayName("BoxBlur requires its radius, as in Pillow")
    void boxBlurNeedsRadius() {
        assertEquals(List.of("/params/radius: is required: a number between 0 and 1000"),
                problems("{\"name\":\"BoxBlur\"}"));
    }

    @Test
    @DisplayName("every bad UnsharpMask parameter is reported at once")
    void unsharpMaskAllProblems() {
        assertEquals(List.of(
                        "/params/radius: must be between 0 and 1000, got 1001",
                        "/params/percent: must be an integer between 0 and 1000, got 1.5",
                        "/params/threshold: must be between 0 and 255, got 256"),
                problems("{\"name\":\"UnsharpMask\",\"radius\":1001,\"percent\":1.5,\"threshold\":256}"));
    }

    @Test
    @DisplayName("window sizes must be odd and at most 25")
    void sizes() {
        assertEquals(List.of("/params/size: must be odd, got 4"), problems("{\"name\":\"MedianFilter\",\"size\":4}"));
        assertEquals(List.of("/params/size: must be odd, got 2"), problems("{\"name\":\"ModeFilter\",\"size\":2}"));
        assertEquals(List.of("/params/size: must be between 1 and 25, got 27"),
                problems("{\"name\":\"MaxFilter\",\"size\":27}"));
        assertEquals(List.of("/params/size: must be between 1 and 25, got 0"),
                problems("{\"name\":\"MinFilter\",\"size\":0}"));
    }

    @Test
    @DisplayName("RankFilter needs size and rank, and the rank must fit the window")
    void rankFilter() {
        assertEquals(List.of("/params/size: is required: an integer between 1 and 25",
                        "/params/rank: is required: an integer >= 0"),
                problems("{\"name\":\"RankFilter\"}"));
        assertEquals(List.of("/params/rank: must be between 0 and 24 (size * size - 1), got 25"),
                problems("{\"name\":\"RankFilter\",\"size\":5,\"rank\":25}"));
        assertEquals(List.of("/params/rank: must be >= 0, got -1"),
                problems("{\"name\":\"RankFilter\",\"size\":5,\"rank\":-1}"));
        // A bad size cannot bound the rank, so only the size is reported.
        assertEquals(List.of("/params/size: must be odd, got 4"),
                problems("{\"name\":\"RankFilter\",\"size\":4,\"rank\":30}"));
    }

    @Test
    @DisplayName("Kernel checks its size, the number of weights and a zero scale")
    void kernel() {
        assertEquals(List.of("/params/size: must be [3, 3] or [5, 5], got [4,4]",
                        "/params/kernel: is required: an array of 9 (size [3, 3]) or 25 (size [5, 5]) numbers"),
                problems("{\"name\":\"Kernel\",\"size\":[4,4]}"));
        assertEquals(List.of("/params/kernel: must have 9 numbers for size [3, 3], got 8"),
                problems("{\"name\":\"Kernel\",\"size\":[3,3],\"kernel\":[1,1,1,1,1,1,1,1]}"));
        assertEquals(List.of("/params/kernel/2: must be a number, got \"x\"", "/params/scale: must not be 0, got 0"),
                problems("{\"name\":\"Kernel\",\"size\":[3,3],\"kernel\":[1,1,\"x\",1,1,1,1,1,1],\"scale\":0}"));
        assertEquals(List.of("/params/size: is required: [3, 3] or [5, 5]"),
                problems("{\"name\":\"Kernel\",\"kernel\":[1,1,1,1,1,1,1,1,1]}"));
    }

    @Test
    @DisplayName("a parameter the filter does not take is reported with the ones it does")
    void unknownParameter() {
        assertEquals(List.of("/params/sigma: is not a parameter of this operation; known: name, radius"),
                problems("{\"name\":\"GaussianBlur\",\"sigma\":2}"));
        assertEquals(List.of("/params/size: is not a parameter of this operation; known: name"),
                problems("{\"name\":\"SMOOTH\",\"size\":3}"));
    }

    @Test
    @DisplayName("a batch filter reports problems under its own name and params pointers")
    void batchPointers() {
        InvalidParamsException badParam = assertThrows(InvalidParamsException.class,
                () -> FilterOperation.from(json("\"GaussianBlur\""), json("{\"radius\":-1}"), "/filters/1"));
        assertEquals("/filters/1/params/radius: must be between 0 and 1000, got -1", badParam.getMessage());

        InvalidParamsException badName = assertThrows(InvalidParamsException.class,
                () -> FilterOperation.from(json("\"Nope\""), json("[1]"), "/filters/2"));
        assertEquals(List.of(
                        new ParamViolation("/filters/2/name", "unknown filter \"Nope\"; known: " + KNOWN),
                        new ParamViolation("/filters/2/params", "must be a JSON object, got [1]")),
                badName.violations());
    }

    @Test
    @DisplayName("null or missing batch params mean Pillow's defaults")
    void batchDefaults() {
        assertEquals(new GaussianBlur(2f), FilterOperation.from(json("\"GaussianBlur\""), json("null"), "/filters/0"));
        assertEquals(new UnsharpMask(2f, 150, 3), FilterOperation.from(json("\"UnsharpMask\""), null, "/filters/0"));
        assertEquals(new RankFilter(3, 4), FilterOperation.from(json("\"MedianFilter\""), null, "/filters/0"));
        assertEquals(new RankFilter(5, 24), FilterOperation.from(json("\"MaxFilter\""), json("{\"size\":5}"), "/f"));
        assertEquals(new ModeFilter(3), FilterOperation.from(json("\"ModeFilter\""), null, "/f"));
    }

    @Test
    @DisplayName("Kernel without a scale divides by the weights' sum, or by 1 when they sum to 0")
    void kernelDefaultScale() {
        Kernel summed = assertInstanceOf(Kernel.class, FilterOperation.from(Params.of(
                json("{\"name\":\"Kernel\",\"size\":[3,3],\"kernel\":[1,1,1,1,4,1,1,1,1],\"offset\":3}"), "/params")));
        assertEquals(Kernel.of(3, new double[] {1, 1, 1, 1, 4, 1, 1, 1, 1}, 12.0, 3), summed);

        Kernel zeroSum = assertInstanceOf(Kernel.class, FilterOperation.from(Params.of(
                json("{\"name\":\"Kernel\",\"size\":[3,3],\"kernel\":[-1,0,1,-2,0,2,-1,0,1]}"), "/params")));
        assertEquals(Kernel.of(3, new double[] {-1, 0, 1, -2, 0, 2, -1, 0, 1}, 1.0, 0), zeroSum);
    }
}
