package dev.darkroom.job;

import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A durable queue of work items, each carrying only an id. Publishing completes once the broker
 * has confirmed every message; consuming hands out deliveries that must be acknowledged.
 */
public interface JobQueue {

    Mono<Void> publish(List<UUID> ids);

    /** Deliveries with a bounded number outstanding; an error ends the flux (callers retry). */
    Flux<Delivery> deliveries(int prefetch);

    /** Messages waiting, for status pages and metrics. */
    Mono<Long> depth();

    interface Delivery {

        /** Null if the message body is not a message of ours. */
        UUID id();

        boolean redelivered();

        void ack();

        /** Puts the message back for another attempt, e.g. when the database is unreachable. */
        void requeue();

        /** Drops a message that can never be processed. */
        void reject();
    }
}
