package dev.darkroom.compat;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import dev.darkroom.security.Caller;
import dev.darkroom.status.StatusService;
import reactor.core.publisher.Mono;

/**
 * The ASCII service's status page: {@code errors} and {@code uploaded_count}, plus queues and jobs,
 * counted over the caller's own things (the queue depths are the instance's).
 */
@RestController
@Tag(name = AsciiRoutes.TAG)
class StatusRoute {

    private final StatusService status;

    StatusRoute(StatusService status) {
        this.status = status;
    }

    @Operation(operationId = "getStatus", summary = "Counts: errors, uploads, jobs by status, queue depths")
    @GetMapping(path = "/status", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Map<String, Object>> status() {
        return Caller.currentOwner().flatMap(status::status).map(now -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("errors", now.errors());
            body.put("uploaded_count", now.uploadedCount());
            body.put("queue_depth", now.queueDepth());
            body.put("jobs_in_flight", now.jobsInFlight());
            body.put("jobs", now.jobs());
            body.put("failed_photos", now.failedPhotos());
            return body;
        });
    }
}
