package dev.darkroom.web;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.oas.models.media.Schema;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Says in the API description what Jackson does with our records: with the service's inclusion
 * {@code always}, every component is sent, so every one is required, and one marked
 * {@link Nullable} may be null; a record marked {@code @JsonInclude(NON_NULL)} leaves such a
 * component out instead. Generated clients then know which members they can count on.
 *
 * <p>Also: a {@link JsonNode} member is always a JSON object here (parameters), not a Java type.
 */
@Component
class RecordSchemas implements ModelConverter {

    @Override
    public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        Class<?> raw = rawClass(type.getType());
        if (raw != null && JsonNode.class.isAssignableFrom(raw)) {
            return new Schema<>().types(new LinkedHashSet<>(List.of("object")));
        }
        Schema<?> resolved = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        if (resolved == null || raw == null || !raw.isRecord()) {
            return resolved;
        }
        Schema<?> model = resolved;
        if (resolved.get$ref() != null) {
            model = context.getDefinedModels().get(resolved.get$ref().substring(resolved.get$ref().lastIndexOf('/') + 1));
        }
        if (model != null && model.getProperties() != null) {
            describe(raw, model);
        }
        return resolved;
    }

    private static void describe(Class<?> record, Schema<?> model) {
        JsonInclude include = record.getAnnotation(JsonInclude.class);
        boolean leavesOutNulls = include != null && include.value() != JsonInclude.Include.ALWAYS
                && include.value() != JsonInclude.Include.USE_DEFAULTS;
        List<String> required = new ArrayList<>(model.getRequired() == null ? List.of() : model.getRequired());
        Map<String, Schema> properties = model.getProperties();
        for (RecordComponent component : record.getRecordComponents()) {
            // @JsonProperty does not target record components; javac puts it on the accessor.
            JsonProperty renamed = component.getAccessor().getAnnotation(JsonProperty.class);
            String name = renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName();
            Schema<?> property = properties.get(name);
            if (property == null) {
                continue;
            }
            boolean nullable = component.getAnnotatedType().isAnnotationPresent(Nullable.class)
                    || component.isAnnotationPresent(Nullable.class);
            if (!nullable || !leavesOutNulls) {
                if (!required.contains(name)) {
                    required.add(name);
                }
            }
            if (nullable && !leavesOutNulls) {
                properties.put(name, orNull(property));
            }
        }
        model.setRequired(required);
    }

    private static Schema<?> orNull(Schema<?> property) {
        if (property.get$ref() != null || property.getTypes() == null || property.getTypes().isEmpty()) {
            Schema<?> either = new Schema<>();
            either.setOneOf(new ArrayList<>(List.of(property, new Schema<>().types(Set.of("null")))));
            either.setDescription(property.getDescription());
            property.setDescription(null);
            return either;
        }
        Set<String> types = new LinkedHashSet<>(property.getTypes());
        types.add("null");
        property.setTypes(types);
        return property;
    }

    private static Class<?> rawClass(java.lang.reflect.Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof com.fasterxml.jackson.databind.JavaType javaType) {
            return javaType.getRawClass();
        }
        if (type instanceof java.lang.reflect.ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }
}
