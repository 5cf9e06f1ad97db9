package dev.darkroom.messaging;

import java.util.Collection;
import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * Puts work on a queue atomically with the rows it is about: call it inside the transaction
 * that writes them. The message rows commit or roll back with the work rows; a relay publishes
 * them once committed (at once on this instance, and retries until the broker confirms), so no
 * crash or broker outage between the commit and the queue can strand the work. A submission
 * therefore succeeds while the broker is down, and its work runs when the broker returns.
 */
public interface Outbox {

    Mono<Void> enqueue(WorkQueue queue, Collection<UUID> ids);
}
