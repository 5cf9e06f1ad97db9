package dev.darkroom.progress;

import java.util.LinkedHashMap;
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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
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

    private Mono<Void> handle(WebSocketSession session, UUID owner) {
        Set<UUID> jobs = ConcurrentHashMap.newKeySet();
        // The last state sent of each subscribed job still queued: nothing is published when the
        // jobs ahead of it start, so its place in line is re-read now and then, as SSE followers do.
        Map<UUID, ProgressEvent> queued = new ConcurrentHashMap<>();
        AtomicBoolean all = new AtomicBoolean();
        Sinks.Many<Map<String, Object>> replies = Sinks.many().unicast().onBackpressureBuffer();
        Mono<Void> input = session.receive()
                .map(WebSocketMessage::getPayloadAsText)
                .concatMap(text -> onMessage(text, owner, jobs, queued, all, replies))
                .then()
                .cache();
        // Subscribed ids were checked when subscribed; under "all" each new id is checked once
        // (WorkOwners keeps the answer), and an event whose owner cannot be read now is skipped.
        Flux<Map<String, Object>> live = bus.events()
                .concatMap(event -> jobs.contains(event.jobId()) ? Mono.just(event)
                        : all.get() ? owners.owns(owner, event.jobId()).onErrorReturn(false)
                                .filter(Boolean::booleanValue).map(mine -> event)
                        : Mono.empty())
                .doOnNext(event -> {
                    if (!ProgressEvent.QUEUED.equals(event.status())) {
                        queued.remove(event.jobId());
                    }
                })
                .map(JobSocketHandler::message);
        Flux<Map<String, Object>> places = Flux.interval(properties.recheck()).onBackpressureDrop()
                .concatMap(tick -> Flux.fromIterable(queued.entrySet())
                        .concatMap(sent -> states.current(sent.getKey()).onErrorResume(e -> Mono.empty())
                                .filter(now -> jobs.contains(now.jobId()) && now.isAfter(sent.getValue()))
                                .doOnNext(now -> {
                                    if (ProgressEvent.QUEUED.equals(now.status())) {
                                        queued.put(now.jobId(), now);
                                    } else {
                                        queued.remove(now.jobId());
                                    }
                                })))
                .map(JobSocketHandler::message);
        Flux<WebSocketMessage> output = Flux.merge(replies.asFlux(), live, places)
                .takeUntilOther(input)
                .map(message -> session.textMessage(json.writeValueAsString(message)));
        return Mono.when(input, session.send(output));
    }

    private Mono<Void> onMessage(String text, UUID owner, Set<UUID> jobs, Map<UUID, ProgressEvent> queued,
                                 AtomicBoolean all, Sinks.Many<Map<String, Object>> replies) {
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (JacksonException e) {
            return error(replies, "messages must be JSON objects such as {\"type\":\"subscribe\",\"jobIds\":[\"...\"]}");
        }
        String type = message.path("type").asString("");
        boolean subscribe = type.equals("subscribe");
        if (!subscribe && !type.equals("unsubscribe")) {
            return error(replies, "unknown message type '" + type + "'; use subscribe or unsubscribe");
        }
        if (message.path("all").asBoolean(false)) {
            all.set(subscribe);
        }
        JsonNode named = message.path("jobIds");
        if (named.size() > MAX_IDS_PER_MESSAGE) {
            return error(replies, "a message may name at most " + MAX_IDS_PER_MESSAGE + " job ids, got " + named.size()
                    + "; send several, or subscribe to all");
        }
        Set<UUID> ids = new java.util.LinkedHashSet<>();
        for (JsonNode id : named) {
            try {
                ids.add(UUID.fromString(id.asString("")));
            } catch (IllegalArgumentException e) {
                return error(replies, "'" + id.asString("") + "' is not a job id (a UUID)");
            }
        }
        if (!subscribe) {
            jobs.removeAll(ids);
            ids.forEach(queued::remove);
            return Mono.empty();
        }
        ids.removeAll(jobs);
        if (jobs.size() + ids.size() > MAX_IDS) {
            return error(replies, "a connection may follow at most " + MAX_IDS + " jobs; it follows " + jobs.size()
                    + ". Unsubscribe from ended jobs, or subscribe to all");
        }
        return Flux.fromIterable(ids)
                .concatMap(id -> owners.owns(owner, id).flatMap(mine -> mine ? states.current(id) : Mono.<ProgressEvent>empty())
                        .doOnNext(state -> {
                            jobs.add(id);
                            if (ProgressEvent.QUEUED.equals(state.status())) {
                                queued.put(id, state);
                            }
                            replies.tryEmitNext(message(state));
                        })
                        .switchIfEmpty(Mono.fromRunnable(() -> replies.tryEmitNext(Map.of("type", "error", "jobId", id,
                                "message", "No job has id " + id + "; nothing to follow")))))
                .then();
    }

    private static Mono<Void> error(Sinks.Many<Map<String, Object>> replies, String text) {
        replies.tryEmitNext(Map.of("type", "error", "message", text));
        return Mono.empty();
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
