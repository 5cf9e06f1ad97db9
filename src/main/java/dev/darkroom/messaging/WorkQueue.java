package dev.darkroom.messaging;

import java.util.Collection;
import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * A durable queue of work items, each message carrying only an item's id. Features put work on
 * it through the {@link Outbox}, in the same transaction as the rows it is about; this instance's
 * workers take it off through the {@link Work} the queue was defined with.
 */
public interface WorkQueue {

    /** The broker's name for the queue. */
    String name();

    /**
     * Publishes one persistent message per id and completes once the broker has confirmed them
     * all. The outbox relay and the sweepers use this; a feature goes through the outbox, so that
     * a crash between its commit and the broker cannot lose the work.
     */
    Mono<Void> publish(Collection<UUID> ids);

    /** Messages waiting to be delivered, for status pages, metrics and the sweepers. */
    Mono<Long> depth();
}
