package dev.darkroom.job;

import java.util.List;
import java.util.Set;

import dev.darkroom.image.ImageEncoder;
import dev.darkroom.operation.Params;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * How an image result is encoded. These two keys sit beside the operation's own parameters in
 * {@code params}, since to a user they are just more options of the same job.
 */
record ResultFormat(ImageEncoder.Format format, int quality) {

    static final Set<String> KEYS = Set.of("format", "quality");

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
        String format = p.choice("format", "png", List.of("png", "jpeg"));
        int quality = p.integer("quality", 85, 1, 100);
        return p.build(() -> new ResultFormat(format.equals("jpeg") ? ImageEncoder.Format.JPEG : ImageEncoder.Format.PNG, quality));
    }
}
