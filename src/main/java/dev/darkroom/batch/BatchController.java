package dev.darkroom.batch;

import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Filter batches: {@code {"images":[{"name","data"}], "filters":[{"name","params"}]}} applies every
 * filter to every image; the results come back as PNG, by image then filter.
 */
@RestController
class BatchController {

    private final BatchHandler handler;

    BatchController(BatchHandler handler) {
        this.handler = handler;
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202", description = "Accepted; follow links.events or poll links.self")
    @PostMapping(path = "/api/batches", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<BatchView.Accepted>> submit(ServerHttpRequest request) {
        return handler.submit(request);
    }

    @GetMapping("/api/batches/{id}")
    Mono<BatchView> get(@PathVariable UUID id) {
        return handler.get(id);
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "Cancelled: a queued batch never runs, a running one stops at its next step")
    @PostMapping("/api/batches/{id}/cancel")
    Mono<BatchView> cancel(@PathVariable UUID id) {
        return handler.cancel(id);
    }

    @GetMapping(path = "/api/batches/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<BatchEvent>> events(@PathVariable UUID id) {
        return handler.events(id);
    }
}
