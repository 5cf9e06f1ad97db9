package dev.darkroom.job;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.rabbitmq.client.AMQP;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.rabbitmq.AcknowledgableDelivery;
import reactor.rabbitmq.ConsumeOptions;
import reactor.rabbitmq.OutboundMessage;
import reactor.rabbitmq.OutboundMessageResult;
import reactor.rabbitmq.QueueSpecification;
import reactor.rabbitmq.Receiver;
import reactor.rabbitmq.Sender;

/**
 * reactor-rabbitmq is no longer maintained upstream; it stays behind {@link JobQueue} so that a
 * replacement touches only this class. Messages are persistent, published to a durable queue
 * through the default exchange, and confirmed by the broker before the API answers.
 */
public final class RabbitJobQueue implements JobQueue {

    private static final AMQP.BasicProperties PERSISTENT_JSON =
            new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(2).build();

    private final Sender sender;
    private final Receiver receiver;
    private final String queue;
    private final Map<String, Object> arguments;

    public RabbitJobQueue(Sender sender, Receiver receiver, String queue) {
        this(sender, receiver, queue, Map.of());
    }

    /**
     * @param arguments queue arguments such as {@code x-single-active-consumer}; every declaration
     *                  must repeat them, or the broker refuses it
     */
    public RabbitJobQueue(Sender sender, Receiver receiver, String queue, Map<String, Object> arguments) {
        this.sender = sender;
        this.receiver = receiver;
        this.queue = queue;
        this.arguments = Map.copyOf(arguments);
        sender.declareQueue(specification()).block();
    }

    private QueueSpecification specification() {
        return QueueSpecification.queue(queue).durable(true).arguments(arguments.isEmpty() ? null : arguments);
    }

    public String name() {
        return queue;
    }

    @Override
    public Mono<Void> publish(List<UUID> ids) {
        Flux<OutboundMessage> messages = Flux.fromIterable(ids).map(id -> new OutboundMessage("", queue,
                PERSISTENT_JSON.builder().messageId(id.toString()).build(),
                ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8)));
        return sender.sendWithPublishConfirms(messages)
                .filter(result -> !result.isAck() || result.isReturned())
                .map(OutboundMessageResult::getOutboundMessage)
                .collectList()
                .flatMap(refused -> refused.isEmpty() ? Mono.<Void>empty() : Mono.error(new IllegalStateException(
                        "the broker refused " + refused.size() + " of " + ids.size() + " messages")));
    }

    @Override
    public Flux<Delivery> deliveries(int prefetch) {
        return receiver.consumeManualAck(queue, new ConsumeOptions().qos(prefetch)).map(RabbitDelivery::new);
    }

    @Override
    public Mono<Long> depth() {
        return sender.declareQueue(specification())
                .map(ok -> (long) ok.getMessageCount());
    }

    private record RabbitDelivery(AcknowledgableDelivery delivery) implements Delivery {

        @Override
        public UUID id() {
            String body = new String(delivery.getBody(), StandardCharsets.UTF_8);
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("\"(?:id|jobId|uuid)\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"").matcher(body);
            try {
                return m.find() ? UUID.fromString(m.group(1)) : UUID.fromString(body.strip().replace("\"", ""));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        @Override
        public boolean redelivered() {
            return delivery.getEnvelope().isRedeliver();
        }

        @Override
        public void ack() {
            delivery.ack();
        }

        @Override
        public void requeue() {
            delivery.nack(true);
        }

        @Override
        public void reject() {
            delivery.nack(false);
        }
    }
}
