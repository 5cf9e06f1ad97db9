package dev.darkroom.job;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param queue            durable queue of job messages
 * @param concurrency      jobs one worker runs at once; 0 means as many as conversion threads
 * @param prefetch         unacknowledged messages a worker holds; 0 means twice the concurrency,
 *                         so the next job is already local when one finishes
 * @param progressInterval least time between two progress writes of one job to the database
 * @param maxImages        most images one job request may name
 */
@ConfigurationProperties("darkroom.jobs")
public record JobProperties(
        @DefaultValue("darkroom.jobs") String queue,
        @DefaultValue("0") int concurrency,
        @DefaultValue("0") int prefetch,
        @DefaultValue("500ms") Duration progressInterval,
        @DefaultValue("100") int maxImages) {
}
