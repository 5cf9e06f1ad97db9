package dev.darkroom.web;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * A kind of error with a stable identifier. Features declare their own next to the code that
 * raises them, as static constants; the type URI ({@code /problems/<slug>}) never changes once
 * published, so clients may branch on it, and it answers with a page made from this declaration
 * ({@link ProblemCatalog}). {@code description} says what the problem means and what to do, for
 * every occurrence; a problem's {@code detail} says it for one.
 */
public record ProblemType(String slug, HttpStatus status, String title, String description) {

    public ProblemType(String slug, HttpStatus status, String title) {
        this(slug, status, title, null);
    }

    public URI uri() {
        return URI.create("/problems/" + slug);
    }

    public ApiException because(String detail) {
        return new ApiException(this, detail);
    }

    // Framework-level problems that do not belong to any one feature.
    public static final ProblemType NOT_FOUND = new ProblemType("not-found", HttpStatus.NOT_FOUND, "No such resource",
            "Nothing is served at this address. /v3/api-docs lists the routes.");
    public static final ProblemType BAD_REQUEST = new ProblemType("bad-request", HttpStatus.BAD_REQUEST, "Malformed request",
            "The request could not be read: a body that is not JSON of the expected shape, or a missing part or parameter. The detail names it.");
    public static final ProblemType INVALID_ID = new ProblemType("invalid-id", HttpStatus.BAD_REQUEST, "Malformed id",
            "An id in the address is not a UUID. Ids are UUIDs such as 3f2c1a9e-8b7d-4c6e-9a1b-2d3e4f5a6b7c.");
    public static final ProblemType INVALID_PARAMETERS =
            new ProblemType("invalid-parameters", HttpStatus.BAD_REQUEST, "Invalid parameters",
            "One or more fields or parameters are wrong. Every problem is listed under errors, each with a JSON pointer into the request and what is allowed; fix them all and send again.");
    public static final ProblemType METHOD_NOT_ALLOWED =
            new ProblemType("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed",
            "The address exists but not with this HTTP method; the detail lists the methods it takes.");
    public static final ProblemType UNSUPPORTED_MEDIA_TYPE =
            new ProblemType("unsupported-request-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported request body type",
            "The request body's Content-Type is not one this route reads; the detail lists those it does.");
    public static final ProblemType NOT_ACCEPTABLE =
            new ProblemType("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Cannot produce the requested type",
            "The Accept header asks for a media type this route cannot produce; the detail lists those it can.");
    public static final ProblemType TOO_LARGE = new ProblemType("request-too-large", HttpStatus.CONTENT_TOO_LARGE, "Request too large",
            "The request body is larger than this route accepts.");
    public static final ProblemType REQUEST_TIMEOUT =
            new ProblemType("request-timeout", HttpStatus.REQUEST_TIMEOUT, "Request not received in time",
            "The request's head or body stopped arriving before the time allowed ran out, and the connection was closed. Send it again.");
    public static final ProblemType WRONG_ROLE =
            new ProblemType("not-served-here", HttpStatus.SERVICE_UNAVAILABLE, "This instance does not serve the API",
            "This instance runs as a worker only (darkroom.role=worker) and serves no API; send the request to an API instance.");
    public static final ProblemType INTERNAL = new ProblemType("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
            "Something failed on the server. The error is logged under the errorId the problem carries; retrying may help, and quoting the id helps find it.");
    public static final ProblemType UNAVAILABLE =
            new ProblemType("dependency-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "A back-end service is unavailable",
            "A back-end service (database, message broker or object storage) cannot be reached right now; try again shortly.");
}
