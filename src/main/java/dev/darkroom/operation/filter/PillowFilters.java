package dev.darkroom.operation.filter;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.darkroom.operation.OperationFactory;

/** Every Pillow {@code ImageFilter} we offer, under its Pillow class name. */
final class PillowFilters {

    /** Sorted, so error messages and {@link #names()} list them in a stable order. */
    private static final Map<String, OperationFactory> FILTERS = new TreeMap<>(Map.ofEntries(
            Map.entry("BLUR", BuiltinKernel.BLUR::from),
            Map.entry("CONTOUR", BuiltinKernel.CONTOUR::from),
            Map.entry("DETAIL", BuiltinKernel.DETAIL::from),
            Map.entry("EDGE_ENHANCE", BuiltinKernel.EDGE_ENHANCE::from),
            Map.entry("EDGE_ENHANCE_MORE", BuiltinKernel.EDGE_ENHANCE_MORE::from),
            Map.entry("EMBOSS", BuiltinKernel.EMBOSS::from),
            Map.entry("FIND_EDGES", BuiltinKernel.FIND_EDGES::from),
            Map.entry("SHARPEN", BuiltinKernel.SHARPEN::from),
            Map.entry("SMOOTH", BuiltinKernel.SMOOTH::from),
            Map.entry("SMOOTH_MORE", BuiltinKernel.SMOOTH_MORE::from),
            Map.entry("Kernel", Kernel::from),
            Map.entry("GaussianBlur", GaussianBlur::from),
            Map.entry("BoxBlur", BoxBlur::from),
            Map.entry("UnsharpMask", UnsharpMask::from),
            Map.entry("RankFilter", RankFilter::from),
            Map.entry("MedianFilter", MedianFilter::from),
            Map.entry("MinFilter", MinFilter::from),
            Map.entry("MaxFilter", MaxFilter::from),
            Map.entry("ModeFilter", ModeFilter::from)));

    private PillowFilters() {
    }

    static OperationFactory find(String name) {
        return FILTERS.get(name);
    }

    static List<String> names() {
        return List.copyOf(FILTERS.keySet());
    }
}
