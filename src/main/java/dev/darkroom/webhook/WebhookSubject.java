package dev.darkroom.webhook;

import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * A kind of thing whose endings are sent as events (jobs, batches, photos): each feature says how
 * it is represented, as its own API shows it, so an event's {@code data} is what a GET would answer.
 */
public interface WebhookSubject {

    /** The event types' prefix, as the database trigger writes it: {@code job}, {@code batch}, {@code photo}. */
    String kind();

    /** The thing as its API shows it, for Jackson to write; empty if it is gone. */
    Mono<Object> representation(UUID id);
}
