package dev.darkroom.operation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The one list of operations a job may name. Adding an operation is one class and one line here.
 */
public final class Operations {

    private static final Map<String, OperationFactory> OPERATIONS = Map.of(
            "grayscale", Grayscale::from,
            "filter", dev.darkroom.operation.filter.FilterOperation::from,
            "thumbnail", Thumbnail::from,
            "ascii", Ascii::from,
            "colors", DominantColors::from);

    private Operations() {
    }

    public static Optional<OperationFactory> find(String name) {
        return Optional.ofNullable(OPERATIONS.get(name));
    }

    public static List<String> names() {
        return List.copyOf(new TreeMap<>(OPERATIONS).keySet());
    }
}
