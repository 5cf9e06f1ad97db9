package dev.darkroom.operation.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.darkroom.operation.Operation;
import dev.darkroom.operation.Output;
import dev.darkroom.operation.Progress;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Our filters against Pillow 9.4's own output (src/test/resources/golden, written by
 * src/test/pillow/make_goldens.py).
 *
 * <p>Tolerance: exact, for every filter. The contract only asks for 1 level per channel on the
 * kernels and 40 dB PSNR on the blurs, but we port Pillow's arithmetic step for step (float32 for
 * kernels, 24-bit fixed point for blurs), and those looser bounds would let real bugs through:
 * dropping the kernels' rounding 0.5 moves pixels by at most 1, and an off-by-one in the box-blur
 * weights still scores 51 to 67 dB. So any difference at all fails, and the message gives its size.
 */
class PillowGoldenTest {

    record Case(String title, String input, String output, JsonNode name, JsonNode params) {
    }

    static List<Case> manifest() {
        try (InputStream in = PillowGoldenTest.class.getResourceAsStream("/golden/manifest.json")) {
            JsonNode root = JsonMapper.builder().build().readTree(in);
            List<Case> cases = new ArrayList<>();
            for (JsonNode c : root.get("cases")) {
                cases.add(new Case(c.get("title").asString(), c.get("input").asString(), c.get("output").asString(),
                        c.get("name"), c.get("params")));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Named<Case>> cases() {
        return manifest().stream().map(c -> Named.of(c.title() + " matches Pillow exactly", c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPillow(Case c) {
        BufferedImage input = Golden.load(c.input());
        BufferedImage expected = Golden.load(c.output());
        Operation filter = FilterOperation.from(c.name(), c.params(), "/filters/0");

        BufferedImage actual = ((Output.Image) filter.apply(input, Progress.NONE)).image();

        assertEquals(input.getType(), actual.getType(), "output keeps the input's image type");
        Golden.Difference difference = Golden.Difference.between(expected, actual);
        assertEquals(0, difference.maxChannel(), () -> c.title() + " differs from Pillow: " + difference);
    }

    @Test
    @DisplayName("every filter has at least one Pillow golden")
    void everyFilterHasAGolden() {
        Set<String> covered = new TreeSet<>();
        manifest().forEach(c -> covered.add(c.name().asString()));
        assertEquals(new TreeSet<>(FilterOperation.names()), covered, "filters with Pillow goldens");
    }

    @Test
    @DisplayName("the comparison sees the difference between a blurred golden and its unblurred input")
    void comparisonSeesDifferences() {
        Case blur = manifest().stream().filter(c -> c.title().equals("gaussian blur radius 5 on photo"))
                .findFirst().orElseThrow();
        Golden.Difference d = Golden.Difference.between(Golden.load(blur.input()), Golden.load(blur.output()));
        assertTrue(d.maxChannel() > 0 && d.psnr() < 40, "input against its blur: " + d);
    }
}
