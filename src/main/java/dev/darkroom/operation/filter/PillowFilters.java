package dev.darkroom.operation.filter;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.darkroom.operation.OperationFactory;
import dev.darkroom.operation.Param;

/** Every Pillow {@code ImageFilter} we offer, under its Pillow class name, with its declared parameters. */
final class PillowFilters {

    /** One filter as data; {@code params} are exactly what {@code factory} reads besides the name. */
    record Filter(String name, String title, String description, List<Param> params, OperationFactory factory) { }

    /** Sorted, so error messages and {@link #names()} list them in a stable order. */
    private static final Map<String, Filter> FILTERS = Stream.concat(
                    Arrays.stream(BuiltinKernel.values()).map(kernel -> new Filter(kernel.name(), title(kernel.name()),
                            "Pillow's predefined " + kernel.name() + " kernel", List.of(), kernel::from)),
                    Stream.of(
                            new Filter("Kernel", "Custom kernel", "A 3 × 3 or 5 × 5 convolution; kernel must have "
                                    + "exactly size[0] × size[1] weights",
                                    List.of(Kernel.SIZE, Kernel.KERNEL, Kernel.SCALE, Kernel.OFFSET), Kernel::from),
                            new Filter("GaussianBlur", "Gaussian blur", null, List.of(GaussianBlur.RADIUS), GaussianBlur::from),
                            new Filter("BoxBlur", "Box blur", null, List.of(BoxBlur.RADIUS), BoxBlur::from),
                            new Filter("UnsharpMask", "Unsharp mask", null,
                                    List.of(UnsharpMask.RADIUS, UnsharpMask.PERCENT, UnsharpMask.THRESHOLD), UnsharpMask::from),
                            new Filter("RankFilter", "Rank", "The rank-th value of each sorted window; rank must be at "
                                    + "most size × size − 1", List.of(RankFilter.SIZE, RankFilter.RANK), RankFilter::from),
                            new Filter("MedianFilter", "Median", null, List.of(RankFilter.WINDOW), MedianFilter::from),
                            new Filter("MinFilter", "Min", null, List.of(RankFilter.WINDOW), MinFilter::from),
                            new Filter("MaxFilter", "Max", null, List.of(RankFilter.WINDOW), MaxFilter::from),
                            new Filter("ModeFilter", "Mode", null, List.of(RankFilter.WINDOW), ModeFilter::from)))
            .collect(Collectors.toMap(Filter::name, Function.identity(), (a, b) -> {
                throw new IllegalStateException("two filters named " + a.name());
            }, TreeMap::new));

    private PillowFilters() {
    }

    static Filter find(String name) {
        return FILTERS.get(name);
    }

    static List<String> names() {
        return List.copyOf(FILTERS.keySet());
    }

    static List<Filter> all() {
        return List.copyOf(FILTERS.values());
    }

    /** EDGE_ENHANCE_MORE → "Edge enhance more" */
    private static String title(String constant) {
        String words = constant.replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
