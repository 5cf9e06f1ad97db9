package dev.darkroom.job;

import java.util.List;
import java.util.Set;

import dev.darkroom.image.ImageEncoder;
import dev.darkroom.operation.Param;
import dev.darkroom.operation.Params;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * How an image result is encoded. These two keys sit beside the operation's own parameters in
 * {@code params}, since to a user they are just more options of the same job. Every operation
 * accepts them; they change only image results.
 */
record ResultFormat(ImageEncoder.Format format, int quality) {

    static final Param.ChoiceParam FORMAT = Param.choice("format", "Format", List.of("png", "jpeg"), "png")
            .described("How an image result is encoded; other results ignore it");
    static final Param.IntParam QUALITY = Param.integer("quality", "JPEG quality", 1, 100).byDefault(85)
            .described("For format jpeg: higher is larger and closer to the original");
    static final List<Param> PARAMS = List.of(FORMAT, QUALITY);
    static final Set<String> KEYS = Set.of(FORMAT.name(), QUALITY.name());

    static ResultFormat from(JsonNode params, String pointer) {
        ObjectNode own = JsonNodeFactory.instance.objectNode();
        if (params != null && params.isObject()) {
            KEYS.forEach(key -> {
                if (params.has(key)) {
                    own.set(key, params.get(key));
                }
            });
        }
        Params p = Params.of(own, pointer);
        String format = FORMAT.read(p);
        int quality = QUALITY.read(p);
        return p.build(() -> new ResultFormat(format.equals("jpeg") ? ImageEncoder.Format.JPEG : ImageEncoder.Format.PNG, quality));
    }

    /** An operation's params schema with these two keys added beside its own. */
    static ObjectNode addTo(ObjectNode schema) {
        ObjectNode properties = (ObjectNode) schema.get("properties");
        PARAMS.forEach(param -> properties.set(param.name(), param.schema()));
        return schema;
    }
}
