package dev.darkroom.messaging;

import reactor.core.publisher.Flux;

/** The messages of one queue, across reconnections. */
interface DeliverySource {

    /** Never errors: a lost connection is reopened and consumption resumes; completes after {@link #close}. */
    Flux<Inbound> deliveries();

    /** Asks the broker for no more messages; those in hand can still be acknowledged. */
    void pause();

    /** No reconnecting from now on; closes the channel, so unacknowledged messages go back. */
    reactor.core.publisher.Mono<Void> close();
}
