package dev.darkroom.progress;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import dev.darkroom.security.Caller;
import dev.darkroom.web.SocketEndpoint;
import dev.darkroom.web.SocketOutbox;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /ws/jobs}: a client subscribes to job ids (or to all jobs) and receives the same events
 * as the SSE stream, each as {@code {"type":"job","jobId",...}}. On subscribing it is sent the
 * stored state of each job at once, so it never waits for the next change to learn where a job is.
 * A connection sees only its caller's owner's work: another owner's id is answered as an unknown
 * one, and {@code all} means all of the owner's. One message names at most {@link #MAX_IDS_PER_MESSAGE}
 * ids and a connection follows at most {@link #MAX_IDS}, so one client cannot make the instance
 * hold and check an unbounded set.
 */
@Component
class JobSocketHandler implements WebSocketHandler, SocketEndpoint {

    static final int MAX_IDS_PER_MESSAGE = 100;
    static final int MAX_IDS = 1000;

    private final ProgressBus bus;
    private final JobStates states;
    private final WorkOwners owners;
    private final JsonMapper json;
    private final ProgressProperties properties;

    JobSocketHandler(ProgressBus bus, JobStates states, WorkOwners owners, JsonMapper json, ProgressProperties properties) {
        this.bus = bus;
        this.states = states;
        this.owners = owners;
        this.json = json;
        this.properties = properties;
    }

    @Override
    public String path() {
        return "/ws/jobs";
    }

    @Override
    public WebSocketHandler handler() {
        return this;
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        return Caller.currentOwner().flatMap(owner -> handle(session, owner));
    }

    /**
     * The client's messages and the live events are handled one at a time, in one sequence: an
     * event that comes while a subscribed job's state is read waits, and then goes out after that
     * state if it is newer (an event may be older than the state read, or newer: either way the
     * client never sees a job go backwards, and never misses how it ended).
     */
    private Mono<Void> handle(WebSocketSession session, UUID owner) {
        // The jobs subscribed by id, with the last state sent of each.
        Map<UUID, ProgressEvent> jobs = new ConcurrentHashMap<>();
        // The subscribed jobs still queued: nothing is published when the jobs ahead of one start,
        // so its place in line is re-read now and then, as SSE followers do.
        Set<UUID> queued = ConcurrentHashMap.newKeySet();
        AtomicBoolean all = new AtomicBoolean();
        SocketOutbox outbox = new SocketOutbox(session);
        Flux<Recheck> rechecks = Flux.interval(properties.recheck()).onBackpressureDrop().map(tick -> Recheck.QUEUED);
        Mono<Void> input = SocketOutbox.withUpdates(session.receive().map(WebSocketMessage::getPayloadAsText),
                        bus.events(), rechecks)
                .concatMap(item -> switch (item) {
                    case String text -> onMessage(text, owner, jobs, queued, all, outbox);
                    case ProgressEvent event -> onEvent(event, owner, jobs, queued, all, outbox);
                    case Recheck recheck -> recheck(jobs, queued, outbox);
                    default -> throw new IllegalStateException("Neither a message, an event nor a recheck: " + item);
                })
                .then()
                .cache();
        Flux<WebSocketMessage> output = outbox.frames()
                .takeUntilOther(input)
                .map(message -> session.textMessage(json.writeValueAsString(message)));
        return SocketOutbox.endingQuietly(Mono.when(input, session.send(output)));
    }

    /**
     * A job subscribed by id gets the event if it is newer than what was sent of it. Under "all",
     * each new id is checked once (WorkOwners keeps the answer), and an event whose owner cannot
     * be read now is skipped.
     */
    private Mono<Void> onEvent(ProgressEvent event, UUID owner, Map<UUID, ProgressEvent> jobs,
                               Set<UUID> queued, AtomicBoolean all, SocketOutbox outbox) {
        ProgressEvent sent = jobs.get(event.jobId());
        if (sent != null) {
            return event.isAfter(sent) ? send(event, jobs, queued, outbox) : Mono.empty();
        }
        if (!all.get()) {
            return Mono.empty();
        }
        return owners.owns(owner, event.jobId()).onErrorReturn(false)
                .flatMap(mine -> mine ? outbox.send(message(event)) : Mono.empty());
    }

    /** Time to re-read the subscribed jobs still queued. */
    private enum Recheck { QUEUED }

    /** A subscribed job still queued gets its state again if it has moved up in line (or started). */
    private Mono<Void> recheck(Map<UUID, ProgressEvent> jobs, Set<UUID> queued, SocketOutbox outbox) {
        return Flux.fromIterable(List.copyOf(queued))
                .concatMap(id -> states.current(id).onErrorResume(e -> Mono.empty())
                        .filter(now -> jobs.containsKey(id) && now.isAfter(jobs.get(id)))
                        .flatMap(now -> send(now, jobs, queued, outbox)))
                .then();
    }

    /** Sends a subscribed job's state, and keeps it as the last sent. */
    private static Mono<Void> send(ProgressEvent state, Map<UUID, ProgressEvent> jobs, Set<UUID> queued,
                                   SocketOutbox outbox) {
        jobs.put(state.jobId(), state);
        if (ProgressEvent.QUEUED.equals(state.status())) {
            queued.add(state.jobId());
        } else {
            queued.remove(state.jobId());
        }
        return outbox.send(message(state));
    }

    private Mono<Void> onMessage(String text, UUID owner, Map<UUID, ProgressEvent> jobs, Set<UUID> queued,
                                 AtomicBoolean all, SocketOutbox outbox) {
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (JacksonException e) {
            return error(outbox, "messages must be JSON objects such as {\"type\":\"subscribe\",\"jobIds\":[\"...\"]}");
        }
        String type = message.path("type").asString("");
        boolean subscribe = type.equals("subscribe");
        if (!subscribe && !type.equals("unsubscribe")) {
            return error(outbox, "unknown message type '" + type + "'; use subscribe or unsubscribe");
        }
        if (message.path("all").asBoolean(false)) {
            all.set(subscribe);
        }
        JsonNode named = message.path("jobIds");
        if (named.size() > MAX_IDS_PER_MESSAGE) {
            return error(outbox, "a message may name at most " + MAX_IDS_PER_MESSAGE + " job ids, got " + named.size()
                    + "; send several, or subscribe to all");
        }
        Set<UUID> ids = new java.util.LinkedHashSet<>();
        for (JsonNode id : named) {
            try {
                ids.add(UUID.fromString(id.asString("")));
            } catch (IllegalArgumentException e) {
                return error(outbox, "'" + id.asString("") + "' is not a job id (a UUID)");
            }
        }
        if (!subscribe) {
            ids.forEach(jobs::remove);
            ids.forEach(queued::remove);
            return Mono.empty();
        }
        ids.removeAll(jobs.keySet());
        if (jobs.size() + ids.size() > MAX_IDS) {
            return error(outbox, "a connection may follow at most " + MAX_IDS + " jobs; it follows " + jobs.size()
                    + ". Unsubscribe from ended jobs, or subscribe to all");
        }
        return Flux.fromIterable(ids)
                .concatMap(id -> owners.owns(owner, id).flatMap(mine -> mine ? states.current(id) : Mono.<ProgressEvent>empty())
                        .flatMap(state -> send(state, jobs, queued, outbox).thenReturn(true))
                        .switchIfEmpty(Mono.defer(() -> outbox.send(Map.of("type", "error", "jobId", id,
                                "message", "No job has id " + id + "; nothing to follow")).thenReturn(false))))
                .then();
    }

    private static Mono<Void> error(SocketOutbox outbox, String text) {
        return outbox.send(Map.of("type", "error", "message", text));
    }

    /** The event as the SSE stream sends it, with {@code "type":"job"} first: one shape for both. */
    static Map<String, Object> message(ProgressEvent event) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "job");
        message.put("jobId", event.jobId());
        message.put("status", event.status());
        message.put("progress", event.progress());
        putIfKnown(message, "error", event.error());
        putIfKnown(message, "attempt", event.attempt());
        putIfKnown(message, "stage", event.stage());
        putIfKnown(message, "position", event.position());
        putIfKnown(message, "etaSeconds", event.etaSeconds());
        return message;
    }

    private static void putIfKnown(Map<String, Object> message, String field, Object value) {
        if (value != null) {
            message.put(field, value);
        }
    }
}
