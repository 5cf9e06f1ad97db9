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
 */
@Component
class JobSocketHandler implements WebSocketHandler, SocketEndpoint {

    private final ProgressBus bus;
    private final JobStates states;
    private final JsonMapper json;

    JobSocketHandler(ProgressBus bus, JobStates states, JsonMapper json) {
        this.bus = bus;
        this.states = states;
        this.json = json;
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
        Set<UUID> jobs = ConcurrentHashMap.newKeySet();
        AtomicBoolean all = new AtomicBoolean();
        Sinks.Many<Map<String, Object>> replies = Sinks.many().unicast().onBackpressureBuffer();
        Mono<Void> input = session.receive()
                .map(WebSocketMessage::getPayloadAsText)
                .concatMap(text -> onMessage(text, jobs, all, replies))
                .then()
                .cache();
        Flux<Map<String, Object>> live = bus.events()
                .filter(event -> all.get() || jobs.contains(event.jobId()))
                .map(JobSocketHandler::message);
        Flux<WebSocketMessage> output = Flux.merge(replies.asFlux(), live)
                .takeUntilOther(input)
                .map(message -> session.textMessage(json.writeValueAsString(message)));
        return Mono.when(input, session.send(output));
    }

    private Mono<Void> onMessage(String text, Set<UUID> jobs, AtomicBoolean all, Sinks.Many<Map<String, Object>> replies) {
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
        Set<UUID> ids = new java.util.LinkedHashSet<>();
        for (JsonNode id : message.path("jobIds")) {
            try {
                ids.add(UUID.fromString(id.asString("")));
            } catch (IllegalArgumentException e) {
                return error(replies, "'" + id.asString("") + "' is not a job id (a UUID)");
            }
        }
        if (!subscribe) {
            jobs.removeAll(ids);
            return Mono.empty();
        }
        jobs.addAll(ids);
        return Flux.fromIterable(ids)
                .concatMap(states::current)
                .doOnNext(state -> replies.tryEmitNext(message(state)))
                .then();
    }

    private static Mono<Void> error(Sinks.Many<Map<String, Object>> replies, String text) {
        replies.tryEmitNext(Map.of("type", "error", "message", text));
        return Mono.empty();
    }

    static Map<String, Object> message(ProgressEvent event) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "job");
        message.put("jobId", event.jobId());
        message.put("status", event.status());
        message.put("progress", event.progress());
        if (event.error() != null) {
            message.put("error", event.error());
        }
        return message;
    }
}
