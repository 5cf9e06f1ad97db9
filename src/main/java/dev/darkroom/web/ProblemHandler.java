package dev.darkroom.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import dev.darkroom.messaging.Faults;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;
import dev.darkroom.operation.InvalidParamsException;
import dev.darkroom.operation.ParamViolation;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every error leaves as RFC 9457 problem+json. Runs before Spring Boot's own error handler so
 * that no default page, and never a stack trace, reaches a client; unexpected failures are
 * logged with an id that the response repeats, so a user's report can be found in the logs.
 */
@Component
@Order(-2)
class ProblemHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private static final DisconnectedClientHelper GONE = new DisconnectedClientHelper(ProblemHandler.class.getName() + ".DisconnectedClient");

    /** How soon a client may try again when a dependency is down: long enough for a restart. */
    static final java.time.Duration RETRY_AFTER = java.time.Duration.ofSeconds(5);

    private final JsonMapper json;

    ProblemHandler(JsonMapper json) {
        this.json = json;
    }

    /**
     * Whether {@code error} means this request's client has gone. A reset or an end of stream
     * reads the same whether the client went or a back end (object storage, say) dropped a
     * connection of ours; only the state of the client's own connection tells them apart. Taking
     * a back end's reset for a departed client would answer the client that is still there with
     * an empty 200.
     */
    static boolean clientGone(Throwable error, Object nativeResponse) {
        if (!DisconnectedClientHelper.isClientDisconnectedException(error)) {
            return false;
        }
        if (nativeResponse instanceof reactor.netty.Connection connection) {
            return connection.isDisposed() || !connection.channel().isActive();
        }
        return true;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (clientGone(error, ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse()))
                && GONE.checkAndLogClientDisconnectedException(error)) {
            // Nobody is left to read a problem: a client that went away, or one closed for stopping
            // mid-request. Logged at debug, as Spring does, not as an error of ours.
            return Mono.empty();
        }
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        Map<String, Object> problem = toProblem(error, exchange);
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.valueOf((Integer) problem.get("status")));
        if (problem.get("status").equals(HttpStatus.SERVICE_UNAVAILABLE.value())) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
        }
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body = json.writeValueAsBytes(problem);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    Map<String, Object> toProblem(Throwable error, ServerWebExchange exchange) {
        String instance = exchange.getRequest().getPath().value();
        return switch (error) {
            case ApiException api -> problem(api.type(), api.getMessage(), instance, api.properties());
            case InvalidParamsException invalid -> problem(ProblemType.INVALID_PARAMETERS,
                    invalid.violations().size() == 1
                            ? invalid.violations().getFirst().toString()
                            : invalid.violations().size() + " problems: " + invalid.getMessage(),
                    instance, Map.of("errors", errors(invalid.violations())));
            // A file that looks like an image and cannot be decoded: the client's to fix, never a 500.
            case dev.darkroom.image.UnreadableImageException unreadable -> problem(
                    dev.darkroom.image.ImageProblems.UNREADABLE, unreadable.getMessage(), instance, Map.of());
            case DataBufferLimitException tooLarge -> problem(ProblemType.TOO_LARGE,
                    "The request body is larger than this endpoint accepts: " + tooLarge.getMessage(), instance, Map.of());
            case ResponseStatusException status -> fromStatus(status, instance);
            default -> Faults.dependency(error)
                    .map(dependency -> unavailable(dependency, error, instance))
                    .orElseGet(() -> internal(error, instance));
        };
    }

    private Map<String, Object> fromStatus(ResponseStatusException e, String instance) {
        return switch (e) {
            case MethodNotAllowedException m -> problem(ProblemType.METHOD_NOT_ALLOWED,
                    m.getHttpMethod() + " is not supported here; use " + m.getSupportedMethods(), instance, Map.of());
            case UnsupportedMediaTypeStatusException u -> problem(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type " + u.getContentType() + " is not accepted here; send one of "
                            + u.getSupportedMediaTypes(), instance, Map.of());
            case NotAcceptableStatusException n -> problem(ProblemType.NOT_ACCEPTABLE,
                    "This resource is available as " + n.getSupportedMediaTypes(), instance, Map.of());
            case MissingRequestValueException missing -> problem(ProblemType.BAD_REQUEST,
                    "The request is missing its " + missing.getLabel() + " '" + missing.getName() + "'", instance, Map.of());
            case ServerWebInputException input -> badInput(input, instance);
            default -> e.getStatusCode().value() == 404
                    ? problem(ProblemType.NOT_FOUND, "Nothing is served at " + instance + "; see /v3/api-docs for the routes",
                            instance, Map.of())
                    : problem(new ProblemType("http-" + e.getStatusCode().value(), HttpStatus.valueOf(e.getStatusCode().value()),
                            e.getReason() == null ? "Error" : e.getReason()), e.getReason(), instance, Map.of());
        };
    }

    private Map<String, Object> badInput(ServerWebInputException input, String instance) {
        Throwable cause = input.getCause();
        if (cause instanceof TypeMismatchException mismatch && UUID.class.equals(mismatch.getRequiredType())) {
            return problem(ProblemType.INVALID_ID, "'" + mismatch.getValue() + "' is not a valid id: ids are UUIDs such as "
                    + "3f2c1a9e-8b7d-4c6e-9a1b-2d3e4f5a6b7c", instance, Map.of());
        }
        if (cause instanceof DecodingException decoding) {
            return problem(ProblemType.BAD_REQUEST, "The request body is not valid JSON of the expected shape: "
                    + rootMessage(decoding), instance, Map.of());
        }
        if (cause instanceof DataBufferLimitException tooLarge) {
            return problem(ProblemType.TOO_LARGE, "The request body is larger than this endpoint accepts: "
                    + tooLarge.getMessage(), instance, Map.of());
        }
        return problem(ProblemType.BAD_REQUEST, input.getReason() == null ? "The request could not be read" : input.getReason(),
                instance, Map.of());
    }

    /** A dependency that is down is worth a retry, not a report: 503, one log line, no stack trace. */
    private Map<String, Object> unavailable(String dependency, Throwable error, String instance) {
        log.warn("{} unavailable for {}: {}", dependency, instance, error.toString());
        return problem(ProblemType.UNAVAILABLE, "The " + dependency + " is unavailable right now; try again in a "
                + "moment (Retry-After says when)", instance, Map.of("dependency", dependency));
    }

    private Map<String, Object> internal(Throwable error, String instance) {
        String id = UUID.randomUUID().toString();
        log.error("Unhandled error {} on {}", id, instance, error);
        return problem(ProblemType.INTERNAL, "Something went wrong on our side. It is logged as " + id
                + "; retrying may help, and quoting that id helps us find it.", instance, Map.of("errorId", id));
    }

    private static List<Map<String, String>> errors(List<ParamViolation> violations) {
        return violations.stream().map(v -> Map.of("pointer", v.pointer(), "detail", v.message())).toList();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        // Jackson appends the source location and a reference chain; the first line is what helps.
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline) : message;
    }

    static Map<String, Object> problem(ProblemType type, String detail, String instance, Map<String, Object> extra) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type.uri().toString());
        problem.put("title", type.title());
        problem.put("status", type.status().value());
        problem.put("detail", detail);
        problem.put("instance", instance);
        // Extension members may not replace the standard ones (RFC 9457 section 3.2).
        extra.forEach(problem::putIfAbsent);
        return problem;
    }
}
