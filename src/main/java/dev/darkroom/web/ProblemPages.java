package dev.darkroom.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * A problem's {@code type} is a link: {@code /problems/<slug>} describes that kind of problem, as
 * a short HTML page for a person who opens it, or as JSON for a program (by Accept).
 */
@RestController
@Tag(name = "Problems")
class ProblemPages {

    private final ProblemCatalog catalog;
    private final JsonMapper json;

    ProblemPages(ProblemCatalog catalog, JsonMapper json) {
        this.catalog = catalog;
        this.json = json;
    }

    @Schema(name = "ProblemDescription")
    record Description(@Schema(format = "uri-reference") String type, String title, int status, String description) { }

    @Operation(operationId = "describeProblem", summary = "What a problem type means: the page its type URI opens",
            description = "HTML when the request accepts text/html (a browser), else JSON.")
    @ApiResponse(responseCode = "200", description = "The problem type", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Description.class)),
            @Content(mediaType = MediaType.TEXT_HTML_VALUE, schema = @Schema(type = "string"))})
    @GetMapping(path = "/problems/{slug}", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_HTML_VALUE})
    ResponseEntity<String> describe(@PathVariable String slug,
                                    @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        ProblemType type = catalog.find(slug).orElseThrow(() -> ProblemType.NOT_FOUND.because(
                "No problem type is called '" + slug + "'; types are named by the type member of a problem"));
        Description description = new Description(type.uri().toString(), type.title(), type.status().value(),
                type.description() == null ? type.title() + "." : type.description());
        var ok = ResponseEntity.ok().cacheControl(CacheControl.maxAge(java.time.Duration.ofHours(1)));
        boolean html = accept != null && MediaType.parseMediaTypes(accept).stream()
                .anyMatch(m -> m.isCompatibleWith(MediaType.TEXT_HTML) && !m.isWildcardType());
        if (html) {
            return ok.contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8)).body(html(description));
        }
        return ok.contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(description));
    }

    /** The pages' only style, inline; the Content-Security-Policy allows it by its hash (see SecurityHeaders). */
    static final String STYLE = "body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}"
            + "code{background:#f2f2f2;padding:0 .25rem}";

    private static String html(Description d) {
        String title = HtmlUtils.htmlEscape(d.title());
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
                <title>%s · Darkroom</title>
                <style>%s</style></head>
                <body><h1>%s</h1><p>HTTP %d · <code>%s</code></p><p>%s</p>
                <p>An answer with this type is an RFC 9457 problem (<code>application/problem+json</code>): its
                <code>detail</code> says what went wrong in that request and what to do, and when fields or
                parameters are wrong, <code>errors</code> lists each with a JSON pointer. The routes are described at
                <a href="/v3/api-docs">/v3/api-docs</a>.</p></body></html>
                """.formatted(title, STYLE, title, d.status(), HtmlUtils.htmlEscape(d.type()), HtmlUtils.htmlEscape(d.description()));
    }
}
