package dev.darkroom.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * /v3/api-docs (and the UI at /swagger-ui.html) describe every HTTP route. The routes describe
 * themselves with annotations where they are declared; what holds for all of them is added here
 * once: the RFC 9457 {@code Problem} schema and the problem answers every route can give, the
 * tags in the order a reader wants them (the earlier systems' routes last), and the removal of
 * schemas nothing refers to. {@code mvn verify} lints the result with Redocly.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocumentation {

    public static final String PROBLEM = "Problem";
    public static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;

    /** In reading order; tags starting with {@link #EARLIER} are the earlier systems' and come last. */
    private static final Map<String, String> TAGS = tags(
            "Images", "Upload images, list them, fetch their originals and thumbnails, delete them",
            "Jobs", "Run an operation on images in the background, follow it live, fetch its result",
            "Operations", "What a job may do, with each operation's parameters as JSON Schema",
            "Convert", "Black and white within the request, for small images",
            "Batches", "Every Pillow filter you name on every image you send, as one JSON document",
            "Webhooks", "Signed events POSTed when work ends: the owner's endpoints, and every delivery with its attempts",
            "Keys", "API keys: each acts for one owner, whose images, jobs and batches only it sees",
            "Session", "The web app's sign-in: a key traded for an HttpOnly session cookie",
            "Problems", "What each problem type means: the pages problem type URIs open",
            "Earlier: photo processor", "The photo-processor's routes, kept for its scripted clients",
            "Earlier: ASCII service", "The ASCII-art service's routes, kept for its scripted clients");
    private static final String EARLIER = "Earlier: ";

    private static final Pattern REF = Pattern.compile("\"\\$ref\"\\s*:\\s*\"#/components/schemas/([^\"]+)\"");

    @Bean
    OpenAPI darkroomApi() {
        return new OpenAPI()
                .info(new Info().title("Darkroom").version("0.1")
                        .description("Image jobs with live progress. WebSockets (/ws/jobs, /ws/gallery) are described "
                                + "in web/PROTOCOL.md; job and batch progress is also served as Server-Sent Events. "
                                + "Every error is an RFC 9457 problem whose type URI opens a page describing it."))
                // Relative: the service answers wherever it is deployed, and so do the routes below.
                // Security schemes and which routes need no key: security.SecurityDocumentation.
                .servers(List.of(new Server().url("/").description("This service")));
    }

    /** Runs after the features' own customizers, so it sees, orders and prunes everything. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    OpenApiCustomizer commonDocumentation(ProblemCatalog problems) {
        return api -> {
            Components components = api.getComponents() == null ? new Components() : api.getComponents();
            api.setComponents(components);
            components.addSchemas(PROBLEM, problemSchema(problems));
            api.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> addProblems(path, operation)));
            api.setTags(TAGS.entrySet().stream().map(tag -> new Tag().name(tag.getKey()).description(tag.getValue())).toList());
            api.setPaths(ordered(api.getPaths()));
            pruneUnused(api);
        };
    }

    private static Schema<?> problemSchema(ProblemCatalog problems) {
        String known = problems.all().stream().map(type -> type.uri() + " (" + type.status().value() + ")")
                .collect(Collectors.joining(", "));
        return schema("""
                {"type": "object",
                 "description": "RFC 9457 problem details. type is stable and opens a page describing the problem; detail says what went wrong in this request and what to do. Members beyond the standard five are Darkroom's extensions; clients should ignore those they do not know.",
                 "required": ["type", "title", "status", "detail", "instance"],
                 "properties": {
                   "type": {"type": "string", "format": "uri-reference", "description": "One of: %s; or http-<status> for other HTTP errors", "example": "/problems/invalid-parameters"},
                   "title": {"type": "string", "description": "The same for every problem of this type"},
                   "status": {"type": "integer", "minimum": 400, "maximum": 599},
                   "detail": {"type": "string", "description": "A sentence a person can act on"},
                   "instance": {"type": "string", "format": "uri-reference", "description": "The path that was requested"},
                   "errors": {"type": "array", "description": "For invalid-parameters: every problem at once",
                     "items": {"type": "object", "required": ["pointer", "detail"], "properties": {
                       "pointer": {"type": "string", "description": "JSON pointer into the request", "example": "/params/radius"},
                       "detail": {"type": "string", "example": "must be between 0 and 1000, got -2"}}}},
                   "errorId": {"type": "string", "description": "For internal-error: the id the log repeats"},
                   "rejected": {"type": "array", "description": "For an upload whose files were all refused: each file's problem", "items": {"type": "object"}},
                   "filename": {"type": "string", "description": "The file the problem is about"},
                   "maxBytes": {"type": "integer", "description": "The size limit that was exceeded"},
                   "maxPixels": {"type": "integer", "description": "The pixel limit that was exceeded"},
                   "jobStatus": {"type": "string", "description": "For result-not-ready: where the job is"},
                   "jobId": {"type": "string", "format": "uuid"},
                   "batchId": {"type": "string", "format": "uuid"},
                   "imageId": {"type": "string", "format": "uuid"},
                   "imageIds": {"type": "array", "items": {"type": "string", "format": "uuid"}, "description": "The ids that name no image"},
                   "operation": {"type": "string", "description": "For unknown-operation: the name that was sent"},
                   "needs": {"type": "string", "description": "For forbidden: the scope the request needs (read, write or admin)"},
                   "retryAfterSeconds": {"type": "integer", "description": "For rate-limited: when to go on, as Retry-After says"},
                   "keyId": {"type": "string", "format": "uuid"},
                   "uuid": {"type": "string", "description": "For photo-not-found: the uuid that was sent"},
                   "uuids": {"type": "array", "items": {"type": "string"}, "description": "The uuids that name no photo"}
                 }}
                """.formatted(known.replace("\"", "'")));
    }

    /** Problem answers every route can give, and those its inputs can cause. */
    private static void addProblems(String path, Operation operation) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        boolean input = operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty());
        boolean upload = operation.getRequestBody() != null && operation.getRequestBody().getContent() != null
                && (operation.getRequestBody().getContent().containsKey("multipart/form-data") || path.equals("/api/batches"));
        if (input) {
            responses.putIfAbsent("400", problem("Malformed request or invalid parameters, each listed with a JSON pointer"));
        }
        if (path.contains("{")) {
            responses.putIfAbsent("404", problem("No such resource"));
        }
        if (upload) {
            responses.putIfAbsent("413", problem("A file or the body is too large"));
            responses.putIfAbsent("415", problem("Not a supported image (judged by content), or not multipart/form-data"));
            responses.putIfAbsent("422", problem("An image is unreadable, or has more pixels than allowed"));
        }
        responses.putIfAbsent("406", problem("The Accept header asks for a media type this route does not produce"));
        responses.putIfAbsent("500", problem("Internal error, logged under the errorId it carries"));
        responses.putIfAbsent("503", problem("A back end is unavailable, or this instance is a worker that serves no API"));
        operation.setResponses(sorted(responses));
    }

    public static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(
                "application/problem+json", new MediaType().schema(new Schema<>().$ref(PROBLEM_REF))));
    }

    private static ApiResponses sorted(ApiResponses responses) {
        ApiResponses sorted = new ApiResponses();
        responses.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> sorted.addApiResponse(e.getKey(), e.getValue()));
        return sorted;
    }

    /** By tag, in {@link #TAGS} order, then by path: the earlier systems' routes come last. */
    private static Paths ordered(Paths paths) {
        List<String> order = new ArrayList<>(TAGS.keySet());
        Comparator<Map.Entry<String, PathItem>> byTag = Comparator.comparingInt(e -> e.getValue().readOperations().stream()
                .flatMap(op -> op.getTags() == null ? java.util.stream.Stream.<String>empty() : op.getTags().stream())
                .mapToInt(tag -> order.contains(tag) ? order.indexOf(tag) : order.size())
                .min().orElse(order.size()));
        Paths sorted = new Paths();
        paths.entrySet().stream().sorted(byTag.thenComparing(Map.Entry::getKey))
                .forEach(e -> sorted.addPathItem(e.getKey(), e.getValue()));
        return sorted;
    }

    /** Drops component schemas nothing refers to, such as the framework types a route's signature names. */
    private static void pruneUnused(OpenAPI api) {
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        if (schemas == null) {
            return;
        }
        Set<String> used = new HashSet<>(references(Json31.pretty(api.getPaths())));
        if (api.getWebhooks() != null) {
            used.addAll(references(Json31.pretty(api.getWebhooks())));
        }
        List<String> frontier = new ArrayList<>(used);
        while (!frontier.isEmpty()) {
            Schema<?> schema = schemas.get(frontier.removeLast());
            if (schema != null) {
                for (String ref : references(Json31.pretty(schema))) {
                    if (used.add(ref)) {
                        frontier.add(ref);
                    }
                }
            }
        }
        schemas.keySet().retainAll(used);
    }

    private static Set<String> references(String json) {
        Set<String> names = new HashSet<>();
        Matcher m = REF.matcher(json);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** A schema written as JSON (JSON Schema 2020-12, as OpenAPI 3.1 takes it). */
    public static Schema<?> schema(String json) {
        try {
            return Json31.mapper().readValue(json, Schema.class);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a schema: " + json, e);
        }
    }

    private static Map<String, String> tags(String... nameThenDescription) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < nameThenDescription.length; i += 2) {
            tags.put(nameThenDescription[i], nameThenDescription[i + 1]);
        }
        return tags;
    }
}
