package dev.darkroom.operation;

import java.util.List;

import tools.jackson.databind.node.ObjectNode;

/**
 * An operation as data: its name, what to call it, what it makes, its parameters' JSON Schema and
 * the factory that reads them. The schema and the factory come from the same {@link Param}
 * declarations, so {@code GET /api/operations} describes exactly what a job request is checked against.
 */
public record OperationSpec(String name, String title, String description, Result result, ObjectNode params,
                            OperationFactory factory) {

    /** What a job of this operation stores: an image (encoded as the job asks), text, or JSON. */
    public enum Result { IMAGE, TEXT, JSON }

    /** For an operation whose params object holds exactly these parameters. */
    public static OperationSpec of(String name, String title, String description, Result result, List<? extends Param> params,
                                   OperationFactory factory) {
        return new OperationSpec(name, title, description, result, Param.object(params), factory);
    }

    /** A copy of the params schema, safe to extend (e.g. with a job's result format). */
    public ObjectNode paramsSchema() {
        return params.deepCopy();
    }
}
