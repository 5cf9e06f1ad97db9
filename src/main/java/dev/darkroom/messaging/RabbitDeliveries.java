package dev.darkroom.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.rabbitmq.AcknowledgableDelivery;
import reactor.rabbitmq.ConsumeOptions;
import reactor.rabbitmq.RabbitFlux;
import reactor.rabbitmq.Receiver;
import reactor.rabbitmq.ReceiverOptions;
import reactor.util.retry.Retry;

/**
 * Consumes one queue through reactor-rabbitmq, starting over on a fresh connection whenever the
 * consumer ends: the connection was lost (the broker restarted, the network cut), the broker
 * cancelled the consumer (its queue was deleted), or declaring failed. Each start declares what
 * the queue needs first, so nothing is assumed to have survived.
 */
final class RabbitDeliveries implements DeliverySource {

    private static final Logger log = LoggerFactory.getLogger(RabbitDeliveries.class);

    private final String name;
    private final String queue;
    private final int prefetch;
    private final BrokerConnection connection;
    private final Function<Connection, Mono<Void>> declare;
    private final ConsumerHealth health;
    private final MessagingProperties properties;
    private final Scheduler blocking;
    private final String tagPrefix = "darkroom-" + UUID.randomUUID() + "-";
    private final java.util.concurrent.atomic.AtomicInteger subscriptions = new java.util.concurrent.atomic.AtomicInteger();
    private volatile String consumerTag;
    private volatile Channel channel;
    private volatile boolean closed;
    private volatile long interruptedSince;

    /**
     * @param name    the consumer's name in logs and readiness details
     * @param declare what must exist before consuming, declared on each new connection
     */
    RabbitDeliveries(String name, String queue, int prefetch, BrokerConnection connection,
                     Function<Connection, Mono<Void>> declare, ConsumerHealth health, MessagingProperties properties,
                     Scheduler blocking) {
        this.name = name;
        this.queue = queue;
        this.prefetch = prefetch;
        this.connection = connection;
        this.declare = declare;
        this.health = health;
        this.properties = properties;
        this.blocking = blocking;
    }

    @Override
    public Flux<Inbound> deliveries() {
        closed = false;
        health.expect(name);
        return Flux.defer(() -> connection.get().flatMapMany(open -> declare.apply(open).thenMany(consume(open))))
                .doOnError(e -> {
                    health.interrupted(name, e.toString());
                    // Once per outage, not once per attempt: the connection's own log says the rest.
                    if (interruptedSince == 0) {
                        interruptedSince = System.nanoTime();
                        log.warn("Consumer {} interrupted ({}); reconnecting until the broker is back", name, e.toString());
                    } else {
                        log.debug("Consumer {} still cannot consume: {}", name, e.toString());
                    }
                })
                .retryWhen(Retry.backoff(Long.MAX_VALUE, properties.reconnectMin())
                        .maxBackoff(properties.reconnectMax())
                        .filter(e -> !stopped()))
                .onErrorResume(e -> stopped(), e -> Flux.empty())
                .repeatWhen(ended -> ended.takeWhile(signal -> !stopped())
                        .concatMap(signal -> Mono.delay(properties.reconnectMin())))
                .doFinally(signal -> health.forget(name));
    }

    private Flux<Inbound> consume(Connection open) {
        Receiver receiver = RabbitFlux.createReceiver(new ReceiverOptions()
                .connectionMono(Mono.just(open))
                .connectionSubscriptionScheduler(blocking));
        String tag = tagPrefix + subscriptions.incrementAndGet();
        ConsumeOptions options = new ConsumeOptions()
                .qos(prefetch)
                .consumerTag(tag)
                // An acknowledgement that fails (the channel is gone) is not retried with sleeps on
                // the caller's thread: the message is redelivered, and its outcome is already saved.
                .exceptionHandler((context, e) -> {
                    throw new BrokerUnavailableException("could not acknowledge on " + queue, e);
                })
                .channelCallback(consuming -> {
                    consuming.addShutdownListener(cause -> log.debug("Channel of consumer {} closed: {}", name,
                            cause.getMessage(), log.isTraceEnabled() ? cause : null));
                    channel = consuming;
                    consumerTag = tag;
                    health.consuming(name);
                    if (interruptedSince != 0) {
                        log.info("Consumer {} consuming again after {} s", name, (System.nanoTime() - interruptedSince) / 1_000_000_000);
                        interruptedSince = 0;
                    }
                });
        return receiver.consumeManualAck(queue, options)
                .<Inbound>map(RabbitInbound::new)
                .doOnComplete(() -> {
                    if (!stopped()) {
                        health.interrupted(name, "the consumer ended");
                        interruptedSince = System.nanoTime();
                        log.warn("Consumer {} ended (connection or queue gone); consuming again", name);
                    }
                });
    }

    private boolean stopped() {
        return closed || connection.isClosed();
    }

    @Override
    public void pause() {
        Channel current = channel;
        String tag = consumerTag;
        if (current == null || !current.isOpen()) {
            return;
        }
        onChannel(() -> current.basicCancel(tag), "cancelling").block();
    }

    /**
     * Closes the channel, which ends the consumer; any message still unacknowledged on it goes
     * back to the broker. (Closing the channel ourselves, rather than letting the subscription's
     * disposal cancel a consumer that {@link #pause} may already have cancelled.)
     */
    @Override
    public Mono<Void> close() {
        closed = true;
        Channel current = channel;
        if (current == null || !current.isOpen()) {
            return Mono.empty();
        }
        return onChannel(current::close, "closing the channel of");
    }

    private interface ChannelAction {
        void run() throws Exception;
    }

    private Mono<Void> onChannel(ChannelAction action, String what) {
        return Mono.<Void>fromRunnable(() -> {
            try {
                action.run();
            } catch (Exception e) {
                log.debug("{} consumer {}: {}", what, name, e.toString());
            }
        }).subscribeOn(blocking).timeout(Duration.ofSeconds(5)).onErrorComplete();
    }

    private record RabbitInbound(AcknowledgableDelivery delivery) implements Inbound, RabbitEventBus.Origin {

        @Override
        public String origin() {
            return delivery.getProperties().getAppId();
        }

        @Override
        public byte[] body() {
            return delivery.getBody();
        }

        @Override
        public Work.Attempt attempt() {
            Map<String, Object> headers = delivery.getProperties().getHeaders();
            Object count = headers == null ? null : headers.get("x-delivery-count");
            return new Work.Attempt(delivery.getEnvelope().isRedeliver(), count instanceof Number n ? n.longValue() : 0);
        }

        @Override
        public void ack() {
            settle(() -> delivery.ack(), "acknowledge");
        }

        @Override
        public void release() {
            settle(() -> delivery.nack(true), "give back");
        }

        @Override
        public void reject() {
            settle(() -> delivery.nack(false), "reject");
        }

        private static void settle(Runnable action, String what) {
            try {
                action.run();
            } catch (RuntimeException e) {
                // The channel closed with the message in hand: the broker redelivers it, and the
                // consumer that gets it finds the outcome already saved.
                log.debug("Could not {} a message: {}", what, e.toString());
            }
        }
    }
}
