package dev.darkroom.job;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param queue            durable queue of job messages (bulk work)
 * @param interactiveQueue durable queue of high-priority job messages, consumed beside the bulk
 *                         one with slots of its own; empty means {@code <queue>.interactive}
 * @param concurrency      jobs one worker runs at once; 0 means as many as conversion threads
 * @param progressInterval least time between two progress writes of one job to the database
 * @param maxImages        most images one job request may name
 * @param deadline         how long a job may take, from its start to its stored result, unless
 *                         {@code deadlines} names its operation
 * @param deadlines        per operation, e.g. {@code darkroom.jobs.deadlines.filter=30m}
 * @param reuseResults     whether a job whose input bytes, operation and parameters match an
 *                         earlier succeeded job of its owner takes that result at once, when the
 *                         request does not say ({@code "force"})
 */
@ConfigurationProperties("darkroom.jobs")
public record JobProperties(
        @DefaultValue("darkroom.jobs") String queue,
        @DefaultValue("") String interactiveQueue,
        @DefaultValue("0") int concurrency,
        @DefaultValue("500ms") Duration progressInterval,
        @DefaultValue("100") int maxImages,
        @DefaultValue("5m") Duration deadline,
        Map<String, Duration> deadlines,
        @DefaultValue("true") boolean reuseResults) {

    /** As many as the conversion threads (one per core unless set), so every core works. */
    public int effectiveConcurrency(dev.darkroom.system.ConversionProperties conversion) {
        return concurrency > 0 ? concurrency : conversion.effectiveThreads();
    }

    /**
     * Filters on the largest images allowed take minutes on one core (a MedianFilter of size 25
     * on 120 MP); everything else takes seconds.
     */
    static final Map<String, Duration> DEFAULT_DEADLINES = Map.of("filter", Duration.ofMinutes(20));

    public String effectiveInteractiveQueue() {
        return interactiveQueue.isBlank() ? queue + ".interactive" : interactiveQueue;
    }

    public Duration deadline(String operation) {
        if (deadlines != null && deadlines.containsKey(operation)) {
            return deadlines.get(operation);
        }
        return DEFAULT_DEADLINES.getOrDefault(operation, deadline);
    }
}
