package dev.darkroom.web;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * A kind of error with a stable identifier. Features declare their own next to the code that
 * raises them; the type URI ({@code /problems/<slug>}) never changes once published, so clients
 * may branch on it.
 */
public record ProblemType(String slug, HttpStatus status, String title) {

    public URI uri() {
        return URI.create("/problems/" + slug);
    }

    public ApiException because(String detail) {
        return new ApiException(this, detail);
    }

    // Framework-level problems that do not belong to any one feature.
    public static final ProblemType NOT_FOUND = new ProblemType("not-found", HttpStatus.NOT_FOUND, "No such resource");
    public static final ProblemType BAD_REQUEST = new ProblemType("bad-request", HttpStatus.BAD_REQUEST, "Malformed request");
    public static final ProblemType INVALID_ID = new ProblemType("invalid-id", HttpStatus.BAD_REQUEST, "Malformed id");
    public static final ProblemType INVALID_PARAMETERS =
            new ProblemType("invalid-parameters", HttpStatus.BAD_REQUEST, "Invalid parameters");
    public static final ProblemType METHOD_NOT_ALLOWED =
            new ProblemType("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed");
    public static final ProblemType UNSUPPORTED_MEDIA_TYPE =
            new ProblemType("unsupported-request-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported request body type");
    public static final ProblemType NOT_ACCEPTABLE =
            new ProblemType("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Cannot produce the requested type");
    public static final ProblemType REQUEST_TIMEOUT =
            new ProblemType("request-timeout", HttpStatus.REQUEST_TIMEOUT, "Request not received in time");
    public static final ProblemType TOO_LARGE = new ProblemType("request-too-large", HttpStatus.CONTENT_TOO_LARGE, "Request too large");
    public static final ProblemType WRONG_ROLE =
            new ProblemType("not-served-here", HttpStatus.SERVICE_UNAVAILABLE, "This instance does not serve the API");
    public static final ProblemType INTERNAL = new ProblemType("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");
    public static final ProblemType UNAVAILABLE =
            new ProblemType("dependency-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "A back-end service is unavailable");
}
