package dev.darkroom.work;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param interval        how often each instance sweeps (with some jitter, so instances spread out)
 * @param lease           how long a worker's hold on an item lasts unless renewed (it renews every
 *                        third of it); past it the worker is taken to be gone
 * @param maxAttempts     attempts after which an item whose worker keeps vanishing is failed, not requeued
 * @param republishAfter  how long an item must have waited before a lost message is republished for it
 */
@ConfigurationProperties("darkroom.sweeper")
public record SweeperProperties(
        @DefaultValue("15s") Duration interval,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("60s") Duration republishAfter) {
}
