package dev.darkroom.messaging;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of a work message: {@code {"id":"<uuid>"}}. Bodies that other producers put on the
 * queue are read too, as the photo-processor's clients wrote them: an object naming the id as
 * {@code id}, {@code uuid} or {@code jobId}, a JSON string, or the bare id.
 */
final class MessageIds {

    private static final String[] FIELDS = {"id", "uuid", "jobId"};

    private final JsonMapper json;

    MessageIds(JsonMapper json) {
        this.json = json;
    }

    byte[] body(UUID id) {
        return json.writeValueAsBytes(java.util.Map.of("id", id.toString()));
    }

    /** Null if the body names no id. */
    UUID id(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node.isObject()) {
                for (String field : FIELDS) {
                    if (node.path(field).isString()) {
                        return uuid(node.path(field).asString());
                    }
                }
                return null;
            }
            return node.isString() ? uuid(node.asString()) : null;
        } catch (JacksonException notJson) {
            return uuid(new String(body, StandardCharsets.UTF_8));
        }
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
