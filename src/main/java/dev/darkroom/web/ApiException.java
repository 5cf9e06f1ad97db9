package dev.darkroom.web;

import java.util.LinkedHashMap;
import java.util.Map;

/** An error meant for the client: its type, and a detail sentence the user can act on. */
public class ApiException extends RuntimeException {

    private final ProblemType type;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public ApiException(ProblemType type, String detail) {
        super(detail);
        this.type = type;
    }

    public ProblemType type() {
        return type;
    }

    /** Adds a machine-readable member to the problem document, e.g. the ids that were not found. */
    public ApiException with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
