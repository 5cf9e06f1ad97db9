package dev.darkroom.messaging;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.health.contributor.Health;

/**
 * Whether every consumer this instance should run is consuming. An instance whose consumers
 * are cut off is not ready: its workers take no work and its live channels hear nothing, so
 * readiness goes down until they are back, and an orchestrator can tell.
 */
final class ConsumerHealth {

    private record State(boolean consuming, Instant since, String problem) { }

    private final Map<String, State> consumers = new ConcurrentHashMap<>();

    /** Registers a consumer that should be running; not consuming until it says so. */
    void expect(String consumer) {
        consumers.put(consumer, new State(false, Instant.now(), "not started"));
    }

    void forget(String consumer) {
        consumers.remove(consumer);
    }

    void consuming(String consumer) {
        consumers.computeIfPresent(consumer, (name, state) -> new State(true, Instant.now(), null));
    }

    void interrupted(String consumer, String problem) {
        consumers.computeIfPresent(consumer, (name, state) ->
                new State(false, state.consuming() ? Instant.now() : state.since(), problem));
    }

    boolean allConsuming() {
        return consumers.values().stream().allMatch(State::consuming);
    }

    Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        consumers.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> details.put(entry.getKey(),
                entry.getValue().consuming() ? "consuming"
                        : "not consuming since " + entry.getValue().since() + " (" + entry.getValue().problem() + ")"));
        return (allConsuming() ? Health.up() : Health.down()).withDetails(details).build();
    }
}
