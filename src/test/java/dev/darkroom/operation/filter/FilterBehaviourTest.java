package dev.darkroom.operation.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.darkroom.operation.Operation;
import dev.darkroom.operation.Output;
import dev.darkroom.operation.Params;
import tools.jackson.databind.json.JsonMapper;

class FilterBehaviourTest {

    /** Parameters for the filters that have required ones; the rest run on their defaults. */
    private static final Map<String, String> PARAMS = Map.of(
            "BoxBlur", "{\"radius\":3}",
            "RankFilter", "{\"size\":3,\"rank\":2}",
            "Kernel", "{\"size\":[3,3],\"kernel\":[0,1,0,1,2,1,0,1,0]}");

    private static Operation filter(String name) {
        return FilterOperation.from(JsonMapper.builder().build().readTree("\"" + name + "\""),
                PARAMS.containsKey(name) ? JsonMapper.builder().build().readTree(PARAMS.get(name)) : null, "/f");
    }

    static List<String> names() {
        return FilterOperation.names();
    }

    @ParameterizedTest(name = "{0} reports progress in steps up to 1")
    @MethodSource("names")
    void reportsProgress(String name) {
        BufferedImage image = Golden.load("in-photo.png");
        List<Double> reports = new ArrayList<>();

        filter(name).apply(image, reports::add);

        assertTrue(reports.stream().anyMatch(f -> f > 0 && f < 1), "fractions between 0 and 1: " + reports);
        for (int i = 1; i < reports.size(); i++) {
            assertTrue(reports.get(i) >= reports.get(i - 1), "progress never goes back: " + reports);
        }
        assertEquals(1.0, reports.getLast(), "ends at 1");
    }

    @ParameterizedTest(name = "{0} gives the same result on a sub-image as on a copy of it")
    @MethodSource("names")
    void subImage(String name) {
        // A sub-image shares its parent's pixel array with a stride, so it takes the copying path.
        BufferedImage parent = Golden.load("in-photo.png");
        BufferedImage sub = parent.getSubimage(7, 5, 50, 40);
        BufferedImage copy = new BufferedImage(50, 40, BufferedImage.TYPE_INT_RGB);
        copy.setRGB(0, 0, 50, 40, sub.getRGB(0, 0, 50, 40, null, 0, 50), 0, 50);

        BufferedImage fromSub = ((Output.Image) filter(name).apply(sub, f -> { })).image();
        BufferedImage fromCopy = ((Output.Image) filter(name).apply(copy, f -> { })).image();

        assertArrayEquals(fromCopy.getRGB(0, 0, 50, 40, null, 0, 50), fromSub.getRGB(0, 0, 50, 40, null, 0, 50));
    }

    @Test
    @DisplayName("a job's flat params build the same filter as a batch entry")
    void flatAndBatchAgree() {
        JsonMapper json = JsonMapper.builder().build();
        Operation flat = FilterOperation.from(Params.of(json.readTree(
                "{\"name\":\"UnsharpMask\",\"radius\":1.5,\"percent\":80,\"threshold\":0}"), "/params"));
        Operation batch = FilterOperation.from(json.readTree("\"UnsharpMask\""),
                json.readTree("{\"radius\":1.5,\"percent\":80,\"threshold\":0}"), "/filters/0");
        assertEquals(new UnsharpMask(1.5f, 80, 0), flat);
        assertEquals(flat, batch);
    }
}
