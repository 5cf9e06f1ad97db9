package dev.darkroom.compat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import dev.darkroom.status.StatusService;
import reactor.core.publisher.Mono;

/** The ASCII service's status page: {@code errors} and {@code uploaded_count}, plus queues and jobs. */
@RestController
class StatusRoute {

    private final StatusService status;

    StatusRoute(StatusService status) {
        this.status = status;
    }

    @GetMapping("/status")
    Mono<Map<String, Object>> status() {
        return status.status().map(now -> {
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
