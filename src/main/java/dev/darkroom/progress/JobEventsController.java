package dev.darkroom.progress;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import dev.darkroom.security.Caller;
import dev.darkroom.web.ProblemType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Jobs")
class JobEventsController {

    static final ProblemType JOB_NOT_FOUND = new ProblemType("job-not-found", HttpStatus.NOT_FOUND, "Job not found",
            "No job has this id. POST /api/jobs starts one.");

    private final ProgressFollower follower;
    private final JobStates states;
    private final WorkOwners owners;
    private final ProgressProperties properties;

    JobEventsController(ProgressFollower follower, JobStates states, WorkOwners owners, ProgressProperties properties) {
        this.follower = follower;
        this.states = states;
        this.owners = owners;
        this.properties = properties;
    }

    /**
     * Each event is named by the job's status and carries the JSON state; the stream ends after
     * the terminal event. An unknown job, or another owner's, is a 404 problem, sent before the
     * stream starts.
     */
    @Operation(operationId = "followJob", summary = "Follow a job live, as Server-Sent Events",
            description = "The current state first, then progress, then the terminal event; then the stream ends.")
    @ApiResponse(responseCode = "200", description = "Events named by status; each data is JSON "
            + "{\"jobId\", \"status\", \"progress\", \"error\"?, \"attempt\"?, \"stage\"?, \"position\"?, \"etaSeconds\"?}: "
            + "stage is queued, downloading, decoding, processing, encoding or storing; position, while queued, its place "
            + "in its line (1 is next); etaSeconds, while running, the seconds it should still take, from the measured "
            + "speed of its operation. Comments keep the connection alive. web/PROTOCOL.md, \"Job events\", has the rules",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
    @GetMapping(path = "/api/jobs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<ProgressEvent>> events(@PathVariable UUID id) {
        return Caller.currentOwner().flatMap(owner -> owners.owns(owner, id))
                .filter(Boolean::booleanValue)
                .flatMap(mine -> states.current(id))
                .switchIfEmpty(Mono.error(() -> JOB_NOT_FOUND.because("No job has id " + id
                        + "; POST /api/jobs starts one").with("jobId", id)))
                .flatMapMany(exists -> {
                    Flux<ServerSentEvent<ProgressEvent>> events = follower.follow(id)
                            .map(event -> ServerSentEvent.builder(event).event(event.status()).build());
                    return EventStreams.withHeartbeat(events, properties.heartbeat());
                });
    }
}
