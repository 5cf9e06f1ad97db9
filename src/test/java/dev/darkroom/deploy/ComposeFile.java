package dev.darkroom.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/**
 * compose.yaml as Compose sees it: YAML merge keys resolved, and {@code ${VAR}},
 * {@code ${VAR:-default}}, {@code ${VAR:?error}} and {@code $$} interpolated from a set of
 * variables (those of .env.example, as after {@code cp .env.example .env}). Tests read the stack
 * from here rather than keep a copy of it that could drift.
 */
final class ComposeFile {

    static final Path COMPOSE = Path.of("compose.yaml");
    static final Path ENV_EXAMPLE = Path.of(".env.example");

    private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

    private final Map<String, Object> document;

    private ComposeFile(Map<String, Object> document) {
        this.document = document;
    }

    /** The file with its variables taken from {@code variables}; a missing required one throws. */
    static ComposeFile read(Map<String, String> variables) {
        Object yaml = new Yaml().load(text(COMPOSE));
        return new ComposeFile(castMap(interpolateNode(yaml, variables)));
    }

    /** KEY=VALUE lines of .env.example, comments and blank lines left out. */
    static Map<String, String> envExample() {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : text(ENV_EXAMPLE).lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            variables.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
        }
        return variables;
    }

    Map<String, Object> service(String name) {
        return castMap(castMap(document.get("services")).get(name));
    }

    Map<String, Object> services() {
        return castMap(document.get("services"));
    }

    /** The environment Compose gives a service, as strings. */
    Map<String, String> environment(String service) {
        Map<String, String> environment = new LinkedHashMap<>();
        castMap(service(service).get("environment")).forEach((name, value) -> environment.put(name, String.valueOf(value)));
        return environment;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> castMap(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> castList(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }

    private static Object interpolateNode(Object node, Map<String, String> variables) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> result = new LinkedHashMap<>();
            map.forEach((key, value) -> result.put(String.valueOf(key), interpolateNode(value, variables)));
            return result;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(item -> interpolateNode(item, variables)).toList();
        }
        return node instanceof String text ? interpolate(text, variables) : node;
    }

    static String interpolate(String text, Map<String, String> variables) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group().equals("$$")) {
                replacement = "$";
            } else {
                String name = matcher.group(1);
                String operator = matcher.group(2);
                String value = variables.get(name);
                boolean unset = operator != null && operator.startsWith(":") ? value == null || value.isEmpty() : value == null;
                if (operator != null && operator.endsWith("?") && unset) {
                    throw new IllegalStateException("required variable " + name + " is not set: " + matcher.group(3));
                }
                replacement = unset ? (operator != null && operator.endsWith("-") ? matcher.group(3) : "") : value;
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        return matcher.appendTail(result).toString();
    }

    private static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
