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
 * accepts them; they change only image results. This declaration is the one statement of the
 * formats: {@code GET /api/operations} serves it, and the web app builds its format menu from that.
 *
 * <p>{@code auto} is decided when the result is fetched, not when it is made: the job stores a
 * WebP and a fallback everyone reads (PNG when the result has transparency, else JPEG), and the
 * result route serves the WebP to a client whose {@code Accept} names it.
 *
 * <p>AVIF is not offered yet: no Java library encodes it, and the one well-kept encoder, libavif,
 * is reachable only through FFM bindings to its structs, whose layout changed between libavif 0.11
 * (Debian 12) and 1.x (Debian 13). Adding it means a binding per layout and the library in the
 * production image; {@link #auto} would then prefer it ahead of WebP.
 */
record ResultFormat(String name, ImageEncoder.Format format, int quality) {

    /** The choices, in the order a form shows them. */
    static final List<String> NAMES = List.of("png", "jpeg", "webp", "auto");
    /** The formats whose quality setting means something. */
    static final List<String> LOSSY = List.of("jpeg", "webp", "auto");

    static final Param.ChoiceParam FORMAT = Param.choice("format", "Format", NAMES, "png")
            .described("How an image result is encoded; other results ignore it. auto stores WebP and "
                    + "JPEG (PNG with transparency) and serves what the client's Accept allows");
    static final Param.IntParam QUALITY = Param.integer("quality", "Quality", 1, 100).byDefault(85)
            .described("For formats " + String.join(", ", LOSSY) + ": higher is larger and closer to the original");
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
        return p.build(() -> new ResultFormat(format, switch (format) {
            case "jpeg" -> ImageEncoder.Format.JPEG;
            case "webp", "auto" -> ImageEncoder.Format.WEBP;
            default -> ImageEncoder.Format.PNG;
        }, quality));
    }

    /** Whether the format is chosen per request, from each client's Accept. */
    boolean auto() {
        return name.equals("auto");
    }

    /** For {@code auto}: what a client gets that accepts none of the modern formats. */
    static ImageEncoder.Format fallback(boolean transparent) {
        return transparent ? ImageEncoder.Format.PNG : ImageEncoder.Format.JPEG;
    }

    /**
     * An operation's params schema with these two keys added beside its own. The quality says, in
     * {@code x-formats}, which formats it applies to, so a form shows it only for those.
     */
    static ObjectNode addTo(ObjectNode schema) {
        ObjectNode properties = (ObjectNode) schema.get("properties");
        PARAMS.forEach(param -> properties.set(param.name(), param.schema()));
        ((ObjectNode) properties.get(QUALITY.name())).putArray("x-formats").addAll(
                LOSSY.stream().map(JsonNodeFactory.instance::stringNode).toList());
        return schema;
    }
}
