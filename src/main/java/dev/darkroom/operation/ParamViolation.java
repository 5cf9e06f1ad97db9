package dev.darkroom.operation;

/**
 * One thing wrong with a request's parameters: a JSON pointer into the request document and a
 * sentence that tells the user how to fix it, e.g. {@code /params/radius: must be >= 0, got -2}.
 */
public record ParamViolation(String pointer, String message) {

    @Override
    public String toString() {
        return pointer + ": " + message;
    }
}
