package dev.darkroom.messaging;

import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * What a feature does with the items of one work queue; the consumer loop around it takes a
 * message, runs this, and acknowledges only once the outcome is saved.
 */
public interface Work {

    /**
     * Runs item {@code id} and saves its outcome. A value means the outcome is saved (success or
     * the item's own failure) and the message is acknowledged. Empty means the item had already
     * finished, is running elsewhere, or does not exist: acknowledged and counted as skipped. An
     * error the {@link Faults} call infrastructure (the database or the store failed) keeps the
     * message in hand and tries again after a pause; any other error fails the item through
     * {@link #fail}.
     */
    Mono<?> process(UUID id, Attempt attempt);

    /**
     * The broker gave up on the item's message after {@code deliveries} deliveries that no worker
     * finished (each died holding it): marks the item failed for good, saying so, unless it has
     * already ended. Empty or a value once recorded; an infrastructure error to be retried.
     */
    Mono<?> giveUp(UUID id, int deliveries);

    /**
     * The item's work broke in a way no retry mends (a bug): marks it failed with {@code reason},
     * unless it has already ended.
     */
    Mono<?> fail(UUID id, String reason);

    /** What the broker says of this delivery of an item's message. */
    record Attempt(boolean redelivered, long failedDeliveries) {

        public static final Attempt FIRST = new Attempt(false, 0);
    }
}
