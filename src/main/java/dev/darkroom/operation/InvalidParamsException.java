package dev.darkroom.operation;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown at the edge, when a job or batch is submitted, never inside a worker. */
public final class InvalidParamsException extends RuntimeException {

    private final List<ParamViolation> violations;

    public InvalidParamsException(List<ParamViolation> violations) {
        super(violations.stream().map(ParamViolation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<ParamViolation> violations() {
        return violations;
    }
}
