package dev.darkroom.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How work and events travel, whatever the broker.
 *
 * @param deliveryLimit      failed deliveries (a worker that died holding the message) after which
 *                           the broker gives up on a message and dead-letters it, so a message that
 *                           crashes every worker cannot stop the queue behind it
 * @param deadLetterExchange where given-up messages go; each work queue has its own dead-letter queue
 * @param relayInterval      how often the outbox relay looks for rows other instances committed
 *                           (this instance's own commits wake it at once)
 * @param relayBatch         outbox rows published and confirmed in one go
 * @param reconnectMin       first wait before reconnecting to the broker; doubles up to reconnectMax
 * @param reconnectMax       longest wait between two reconnection attempts
 * @param retryMin           first wait before retrying work that failed on the database or store;
 *                           doubles up to retryMax while the message stays in hand
 * @param retryMax           longest wait between two such retries
 * @param eventBuffer        events one subscriber may fall behind by before the oldest are dropped
 *                           (and counted in darkroom_events_dropped_total)
 */
@ConfigurationProperties("darkroom.messaging")
public record MessagingProperties(
        @DefaultValue("5") int deliveryLimit,
        @DefaultValue("darkroom.dead-letters") String deadLetterExchange,
        @DefaultValue("1s") Duration relayInterval,
        @DefaultValue("500") int relayBatch,
        @DefaultValue("200ms") Duration reconnectMin,
        @DefaultValue("5s") Duration reconnectMax,
        @DefaultValue("500ms") Duration retryMin,
        @DefaultValue("30s") Duration retryMax,
        @DefaultValue("256") int eventBuffer) {
}
