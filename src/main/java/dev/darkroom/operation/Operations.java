package dev.darkroom.operation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.darkroom.operation.filter.FilterOperation;

/**
 * The one list of operations a job may name. Adding an operation is one class and one line here.
 */
public final class Operations {

    private static final Map<String, OperationSpec> OPERATIONS = Stream.of(
                    Grayscale.SPEC,
                    FilterOperation.SPEC,
                    Thumbnail.SPEC,
                    Ascii.SPEC,
                    DominantColors.SPEC)
            .collect(Collectors.toMap(OperationSpec::name, Function.identity(), (a, b) -> {
                throw new IllegalStateException("two operations named " + a.name());
            }, TreeMap::new));

    private Operations() {
    }

    public static Optional<OperationFactory> find(String name) {
        return spec(name).map(OperationSpec::factory);
    }

    public static Optional<OperationSpec> spec(String name) {
        return Optional.ofNullable(OPERATIONS.get(name));
    }

    /** Sorted by name. */
    public static List<String> names() {
        return List.copyOf(OPERATIONS.keySet());
    }

    /** Sorted by name. */
    public static List<OperationSpec> all() {
        return List.copyOf(OPERATIONS.values());
    }
}
