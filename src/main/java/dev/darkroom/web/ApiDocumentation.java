package dev.darkroom.web;

import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * /v3/api-docs (and the UI at /swagger-ui.html) describe every HTTP route. Every route can answer
 * with an RFC 9457 problem, so the problem responses are added to all of them in one place rather
 * than annotated on each handler.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static final String PROBLEM = "Problem";

    @Bean
    OpenAPI darkroomApi() {
        Schema<?> problem = new ObjectSchema()
                .description("RFC 9457 problem details; type is stable, detail says what to do")
                .addProperty("type", new StringSchema().example("/problems/image-not-found"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("errors", new io.swagger.v3.oas.models.media.ArraySchema().items(new ObjectSchema()
                        .addProperty("pointer", new StringSchema().example("/params/radius"))
                        .addProperty("detail", new StringSchema().example("must be between 0 and 1000, got -2"))));
        return new OpenAPI()
                .info(new Info().title("Darkroom").version("0.1")
                        .description("Image jobs with live progress. WebSockets (/ws/jobs, /ws/gallery) are described "
                                + "in web/PROTOCOL.md; job and batch progress is also served as Server-Sent Events."))
                .components(new Components().addSchemas(PROBLEM, problem));
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        Map<String, String> common = Map.of(
                "400", "Malformed request or invalid parameters (each listed with a JSON pointer)",
                "404", "No such resource",
                "500", "Internal error, logged under the errorId it carries");
        Map<String, String> uploads = Map.of(
                "413", "File or body too large",
                "415", "Not a supported image (judged by content)",
                "422", "Image unreadable, or more pixels than allowed");
        return api -> api.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            common.forEach((code, text) -> responses.putIfAbsent(code, problem(text)));
            boolean multipart = operation.getRequestBody() != null && operation.getRequestBody().getContent() != null
                    && operation.getRequestBody().getContent().containsKey("multipart/form-data");
            if (multipart || path.startsWith("/api/batches")) {
                uploads.forEach((code, text) -> responses.putIfAbsent(code, problem(text)));
            }
            operation.setResponses(responses);
        }));
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(
                "application/problem+json", new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }
}
