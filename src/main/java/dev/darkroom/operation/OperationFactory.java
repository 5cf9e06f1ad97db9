package dev.darkroom.operation;

/** Reads and validates an operation's parameters; see {@link Params} for how problems are reported. */
@FunctionalInterface
public interface OperationFactory {

    Operation from(Params params);
}
