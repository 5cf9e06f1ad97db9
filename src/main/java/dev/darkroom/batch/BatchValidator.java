package dev.darkroom.batch;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;
import dev.darkroom.image.ImageFormat;
import dev.darkroom.image.ImageHeader;
import dev.darkroom.operation.InvalidParamsException;
import dev.darkroom.operation.ParamViolation;
import dev.darkroom.operation.filter.FilterOperation;
import tools.jackson.databind.JsonNode;

/**
 * Checks a whole batch document before anything is stored, and reports every problem at once,
 * each at its JSON pointer with what to do about it: a user sending fifty images should not find
 * the problems one round trip at a time. Decoding base64 and reading headers is CPU work; callers
 * run this on the conversion scheduler.
 */
@Component
class BatchValidator {

    private static final Set<String> FIELDS = Set.of("images", "filters");
    private static final Set<String> IMAGE_FIELDS = Set.of("name", "data");
    private static final Set<String> FILTER_FIELDS = Set.of("name", "params");
    private static final int MAX_NAME_LENGTH = 255;
    private static final String IMAGE_SHAPE = "{\"name\": \"cat.jpg\", \"data\": \"<the file, base64-encoded>\"}";
    private static final String FILTER_SHAPE = "{\"name\": \"GaussianBlur\", \"params\": {\"radius\": 2}}";

    private final BatchProperties properties;

    BatchValidator(BatchProperties properties) {
        this.properties = properties;
    }

    /** An image that passed every check, decoded from base64 and with its header read. */
    record Upload(String name, byte[] bytes, ImageHeader header) { }

    record Document(List<Upload> images, List<Batch.Filter> filters) { }

    Document validate(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new InvalidParamsException(List.of(new ParamViolation("",
                    "must be a JSON object {\"images\": [...], \"filters\": [...]}, got " + describe(root))));
        }
        List<ParamViolation> problems = new ArrayList<>();
        // Unknown top-level fields are refused like unknown parameters: a misspelt field would
        // otherwise be ignored without a word.
        for (String key : root.propertyNames()) {
            if (!FIELDS.contains(key)) {
                problems.add(new ParamViolation("/" + key, "is not a field of a batch, which has \"images\" and \"filters\""));
            }
        }
        JsonNode images = list(root, "images", "image", IMAGE_SHAPE, properties.maxImages(), problems);
        JsonNode filters = list(root, "filters", "filter",
                FILTER_SHAPE + "; known filters: " + String.join(", ", FilterOperation.names()), properties.maxFilters(), problems);
        List<Upload> uploads = new ArrayList<>();
        if (images != null) {
            for (int i = 0; i < images.size(); i++) {
                image(images.get(i), "/images/" + i, problems).ifPresent(uploads::add);
            }
        }
        List<Batch.Filter> specs = new ArrayList<>();
        if (filters != null) {
            // The same filter twice would make the same results twice under two indexes: refused, naming both.
            java.util.Map<Batch.Filter, Integer> firstIndex = new java.util.HashMap<>();
            for (int i = 0; i < filters.size(); i++) {
                int index = i;
                filter(filters.get(i), "/filters/" + i, problems).ifPresent(spec -> {
                    Integer first = firstIndex.putIfAbsent(new Batch.Filter(spec.name(),
                            spec.params() == null ? tools.jackson.databind.node.JsonNodeFactory.instance.objectNode() : spec.params()), index);
                    if (first != null) {
                        problems.add(new ParamViolation("/filters/" + index, "repeats /filters/" + first
                                + " (the same filter with the same parameters); list each once"));
                    }
                    specs.add(spec);
                });
            }
        }
        if (images != null && filters != null && (long) images.size() * filters.size() > properties.maxResults()) {
            problems.add(new ParamViolation("", images.size() + " images × " + filters.size() + " filters make "
                    + images.size() * filters.size() + " results; a batch may make at most " + properties.maxResults()
                    + ": split it into several batches"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidParamsException(problems);
        }
        return new Document(List.copyOf(uploads), List.copyOf(specs));
    }

    /** The array at {@code /field} if it is one; its elements are checked even when it is too long. */
    private static JsonNode list(JsonNode root, String field, String noun, String shape, int max,
                                 List<ParamViolation> problems) {
        JsonNode value = root.get(field);
        String pointer = "/" + field;
        if (value == null || value.isNull()) {
            problems.add(new ParamViolation(pointer, "is required: a list of " + field + ", each " + shape));
            return null;
        }
        if (!value.isArray()) {
            problems.add(new ParamViolation(pointer, "must be an array of " + field + ", each " + shape
                    + ", got " + describe(value)));
            return null;
        }
        if (value.isEmpty()) {
            problems.add(new ParamViolation(pointer, "must list at least one " + noun + ", each " + shape));
        } else if (value.size() > max) {
            problems.add(new ParamViolation(pointer, "lists " + value.size() + " " + field + "; a batch may have at most "
                    + max + ": split them over several batches"));
        }
        return value;
    }

    private Optional<Upload> image(JsonNode image, String pointer, List<ParamViolation> problems) {
        if (!image.isObject()) {
            problems.add(new ParamViolation(pointer, "must be an object " + IMAGE_SHAPE + ", got " + describe(image)));
            return Optional.empty();
        }
        for (String key : image.propertyNames()) {
            if (!IMAGE_FIELDS.contains(key)) {
                problems.add(new ParamViolation(pointer + "/" + key, "is not a field of an image, which has \"name\" and \"data\""));
            }
        }
        String name = name(image.get("name"), pointer + "/name", problems);
        byte[] bytes = data(image.get("data"), pointer + "/data", problems);
        if (bytes == null) {
            return Optional.empty();
        }
        ImageHeader header = header(bytes, pointer + "/data", problems);
        return name == null || header == null ? Optional.empty() : Optional.of(new Upload(name, bytes, header));
    }

    private static String name(JsonNode name, String pointer, List<ParamViolation> problems) {
        if (name == null || name.isNull()) {
            problems.add(new ParamViolation(pointer, "is required: the image's file name, e.g. \"cat.jpg\", which its results are labelled with"));
            return null;
        }
        if (!name.isString()) {
            problems.add(new ParamViolation(pointer, "must be a string such as \"cat.jpg\", got " + describe(name)));
            return null;
        }
        String value = name.asString();
        if (value.isBlank()) {
            problems.add(new ParamViolation(pointer, "must not be blank: give the image's file name, e.g. \"cat.jpg\""));
            return null;
        }
        if (value.length() > MAX_NAME_LENGTH) {
            problems.add(new ParamViolation(pointer, "is " + value.length() + " characters long; a name may have at most "
                    + MAX_NAME_LENGTH));
            return null;
        }
        return value;
    }

    private byte[] data(JsonNode data, String pointer, List<ParamViolation> problems) {
        if (data == null || data.isNull()) {
            problems.add(new ParamViolation(pointer, "is required: the image file's bytes, base64-encoded"));
            return null;
        }
        if (!data.isString()) {
            problems.add(new ParamViolation(pointer, "must be a string of base64, got " + describe(data)));
            return null;
        }
        Base64Text text = Base64Text.of(data.asString());
        String invalid = text.problem();
        if (invalid != null) {
            problems.add(new ParamViolation(pointer, "is not valid base64: " + invalid));
            return null;
        }
        long max = properties.maxImageSize().toBytes();
        if (text.decodedLength() > max) {
            problems.add(new ParamViolation(pointer, "is " + megabytes(text.decodedLength()) + " once decoded; an image may be at most "
                    + megabytes(max) + ": send a smaller file"));
            return null;
        }
        byte[] bytes = text.decode();
        if (bytes.length == 0) {
            problems.add(new ParamViolation(pointer, "is empty: it must be the image file's bytes, base64-encoded"));
            return null;
        }
        return bytes;
    }

    private ImageHeader header(byte[] bytes, String pointer, List<ParamViolation> problems) {
        Optional<ImageFormat> format = ImageFormat.sniff(bytes);
        if (format.isEmpty()) {
            problems.add(new ParamViolation(pointer, "is valid base64 but not an image in a supported format (JPEG, PNG, GIF, "
                    + "BMP, TIFF or WebP): it starts with the bytes " + head(bytes) + "; encode the image file itself"));
            return null;
        }
        Optional<ImageHeader> header = ImageHeader.fromHead(format.get(), bytes);
        if (header.isEmpty()) {
            problems.add(new ParamViolation(pointer, "starts like a " + format.get() + " image, but its header cannot be read: "
                    + "the file is damaged or cut short"));
            return null;
        }
        ImageHeader h = header.get();
        if (h.pixels() > properties.maxImagePixels()) {
            problems.add(new ParamViolation(pointer, "is a " + h.width() + "×" + h.height() + " image (" + megapixels(h.pixels())
                    + "); an image may have at most " + megapixels(properties.maxImagePixels()) + ": scale it down first"));
            return null;
        }
        return h;
    }

    private static Optional<Batch.Filter> filter(JsonNode filter, String pointer, List<ParamViolation> problems) {
        if (!filter.isObject()) {
            problems.add(new ParamViolation(pointer, "must be an object " + FILTER_SHAPE + ", got " + describe(filter)));
            return Optional.empty();
        }
        boolean ok = true;
        for (String key : filter.propertyNames()) {
            if (!FILTER_FIELDS.contains(key)) {
                // The likeliest cause is a parameter written beside the name: it would otherwise be
                // ignored and the filter run with its default.
                problems.add(new ParamViolation(pointer + "/" + key, "is not a field of a filter, which has \"name\" and "
                        + "\"params\"; parameters go inside \"params\", e.g. " + FILTER_SHAPE));
                ok = false;
            }
        }
        try {
            FilterOperation.from(filter.get("name"), filter.get("params"), pointer);
        } catch (InvalidParamsException e) {
            problems.addAll(e.violations());
            return Optional.empty();
        }
        JsonNode params = filter.get("params");
        return ok ? Optional.of(new Batch.Filter(filter.get("name").asString(),
                params == null || params.isNull() ? null : params)) : Optional.empty();
    }

    private static String head(byte[] bytes) {
        int n = Math.min(bytes.length, 8);
        StringBuilder out = new StringBuilder();
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < n; i++) {
            out.append(i == 0 ? "" : " ").append(hex.toHexDigits(bytes[i]));
        }
        boolean printable = true;
        for (int i = 0; i < n; i++) {
            printable &= bytes[i] >= 0x20 && bytes[i] < 0x7f;
        }
        return printable ? out + " (\"" + new String(bytes, 0, n, java.nio.charset.StandardCharsets.US_ASCII) + "\")" : out.toString();
    }

    static String megabytes(long bytes) {
        if (bytes < 1024 * 1024) {
            return (bytes + 1023) / 1024 + " KB";
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    private static String megapixels(long pixels) {
        return String.format(Locale.ROOT, "%.1f megapixels", pixels / 1e6);
    }

    private static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isNull()) {
            return "null";
        }
        if (value.isString()) {
            String s = value.asString();
            return "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
        }
        if (value.isArray()) {
            return "an array";
        }
        if (value.isObject()) {
            return "an object";
        }
        String s = value.toString();
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
