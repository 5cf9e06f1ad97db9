package dev.darkroom.messaging;

import java.util.Objects;

/**
 * A work queue as a feature defines it.
 *
 * @param what                 the items' name in logs and metrics, e.g. "jobs"
 * @param queue                the broker's name for the queue
 * @param concurrency          items this instance works on at once; also the prefetch, so a
 *                             message is either being worked on or still in the broker, where
 *                             any free worker can take it
 * @param consume              false on an instance that only publishes (the API role)
 * @param singleActiveConsumer the broker hands messages to one consumer at a time, failing over
 *                             to the next when it goes: a concurrency limit across all instances
 * @param work                 what to do with each item
 */
public record WorkQueueSpec(String what, String queue, int concurrency, boolean consume, boolean singleActiveConsumer,
                            Work work) {

    public WorkQueueSpec {
        Objects.requireNonNull(what);
        Objects.requireNonNull(queue);
        Objects.requireNonNull(work);
        if (concurrency < 1) {
            throw new IllegalArgumentException(what + ": concurrency must be at least 1, got " + concurrency);
        }
    }
}
