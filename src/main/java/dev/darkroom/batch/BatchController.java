package dev.darkroom.batch;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Batches")
class BatchController {

    private final BatchHandler handler;

    BatchController(BatchHandler handler) {
        this.handler = handler;
    }

    /** The document a batch is submitted as; read by {@link BatchValidator}, described here. */
    @Schema(name = "BatchRequest")
    record Document(
            @ArraySchema(minItems = 1, schema = @Schema(implementation = Image.class)) List<Image> images,
            @ArraySchema(minItems = 1, schema = @Schema(implementation = Filter.class)) List<Filter> filters,
            @Schema(ref = "#/components/schemas/CallbackRequest") @org.jspecify.annotations.Nullable Object callback) {

        @Schema(name = "BatchImage", requiredProperties = {"name", "data"})
        record Image(@Schema(description = "The image's file name, which its results are labelled with",
                             example = "cat.jpg", maxLength = 255) String name,
                     @Schema(description = "The file, base64-encoded", contentEncoding = "base64") String data) { }

        @Schema(name = "BatchFilter", requiredProperties = "name")
        record Filter(@Schema(description = "A Pillow filter name, as in GET /api/operations (filter)",
                              example = "GaussianBlur") String name,
                      @Schema(description = "That filter's parameters (without name); defaults when left out",
                              type = "object") Object params) { }
    }

    @Operation(operationId = "submitBatch", summary = "Apply every filter to every image, as one JSON document",
            description = "Images travel inside as base64; results come back as PNG, by image then filter.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Document.class))))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202", description = "Accepted; follow links.events or poll links.self")
    @PostMapping(path = "/api/batches", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<BatchView.Accepted>> submit(ServerHttpRequest request) {
        return handler.submit(request);
    }

    @Operation(operationId = "getBatch", summary = "A batch: its status, progress, and once done its results")
    @GetMapping(path = "/api/batches/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<BatchView> get(@PathVariable UUID id) {
        return handler.get(id);
    }

    @Operation(operationId = "cancelBatch", summary = "Cancel a batch: a queued one never runs, a running one stops at its next step")
    @ApiResponse(responseCode = "200", description = "Cancelled; the batch as it now stands")
    @PostMapping(path = "/api/batches/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<BatchView> cancel(@PathVariable UUID id) {
        return handler.cancel(id);
    }

    @Operation(operationId = "followBatch", summary = "Follow a batch live, as Server-Sent Events")
    @ApiResponse(responseCode = "200", description = "Events named by status; each data is JSON "
            + "{\"jobId\", \"batchId\", \"status\", \"progress\", \"error\"?}, jobId holding the batch id",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
    @GetMapping(path = "/api/batches/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<BatchEvent>> events(@PathVariable UUID id) {
        return handler.events(id);
    }
}
