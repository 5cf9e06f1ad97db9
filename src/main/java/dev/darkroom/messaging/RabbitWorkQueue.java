package dev.darkroom.messaging;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.rabbitmq.OutboundMessage;
import reactor.rabbitmq.SendOptions;
import reactor.rabbitmq.Sender;

/**
 * Publishes persistent messages to a quorum work queue through the default exchange, each one
 * confirmed by the broker and routed (mandatory), so a queue that is missing shows up as a
 * failure instead of silently lost messages.
 */
final class RabbitWorkQueue implements WorkQueue {

    private static final AMQP.BasicProperties PERSISTENT_JSON =
            new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(2).build();
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(15);

    private final WorkQueueSpec spec;
    private final BrokerConnection connection;
    private final Topology topology;
    private final Sender sender;
    private final MessageIds ids;
    private final Scheduler publishing;
    private volatile Connection declaredOn;

    RabbitWorkQueue(WorkQueueSpec spec, BrokerConnection connection, Topology topology, Sender sender, MessageIds ids,
                    Scheduler publishing) {
        this.spec = spec;
        this.connection = connection;
        this.topology = topology;
        this.sender = sender;
        this.ids = ids;
        this.publishing = publishing;
    }

    WorkQueueSpec spec() {
        return spec;
    }

    @Override
    public String name() {
        return spec.queue();
    }

    @Override
    public Mono<Void> publish(Collection<UUID> items) {
        if (items.isEmpty()) {
            return Mono.empty();
        }
        List<OutboundMessage> messages = items.stream().map(id -> new OutboundMessage("", spec.queue(),
                PERSISTENT_JSON.builder().messageId(id.toString()).build(), ids.body(id))).toList();
        return connection.get()
                .flatMap(open -> declared(open).then(sender.sendWithPublishConfirms(Flux.fromIterable(messages),
                                new SendOptions().trackReturned(true)
                                        .channelMono(Mono.fromCallable(open::createChannel))
                                        .exceptionHandler((context, e) -> {
                                            throw new BrokerUnavailableException("could not publish to " + spec.queue(), e);
                                        }))
                        .filter(result -> !result.isAck() || result.isReturned())
                        .count()))
                // Publishing blocks on the channel, so never on a Netty or R2DBC thread.
                .subscribeOn(publishing)
                .timeout(CONFIRM_TIMEOUT)
                .onErrorMap(e -> !(e instanceof BrokerUnavailableException),
                        e -> new BrokerUnavailableException("could not publish to " + spec.queue() + ": " + e, e))
                .flatMap(refused -> {
                    if (refused == 0) {
                        return Mono.<Void>empty();
                    }
                    declaredOn = null;
                    return Mono.error(new BrokerUnavailableException("the broker did not take " + refused + " of "
                            + messages.size() + " messages for " + spec.queue(), null));
                });
    }

    /** Declares the queue once per connection, so a restarted broker has it before anything is sent. */
    private Mono<Void> declared(Connection open) {
        if (declaredOn == open) {
            return Mono.empty();
        }
        return topology.declareWorkQueue(open, spec).doOnSuccess(done -> declaredOn = open);
    }

    @Override
    public Mono<Long> depth() {
        return connection.get()
                .flatMap(open -> topology.depth(open, spec.queue()))
                .onErrorMap(e -> new BrokerUnavailableException("could not read the depth of " + spec.queue(), e));
    }
}
