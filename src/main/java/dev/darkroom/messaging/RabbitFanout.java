package dev.darkroom.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.rabbitmq.client.AMQP;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.rabbitmq.BindingSpecification;
import reactor.rabbitmq.ExchangeSpecification;
import reactor.rabbitmq.OutboundMessage;
import reactor.rabbitmq.QueueSpecification;
import reactor.rabbitmq.Receiver;
import reactor.rabbitmq.Sender;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Broadcasts JSON events to every running instance: a fan-out exchange, and per instance one
 * auto-deleted queue bound to it. Events are transient and delivery is best effort, so it suits
 * notifications whose loss costs staleness, not correctness.
 *
 * <p>A feature declares one as a bean per exchange; as a lifecycle it comes up before the
 * consumers that publish on it and goes down after them, so their last events still go out.
 */
public final class RabbitFanout<T> implements org.springframework.context.SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RabbitFanout.class);
    private static final AMQP.BasicProperties TRANSIENT_JSON =
            new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(1).build();
    private static final Retry RECONNECT = Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5));

    private final Sender sender;
    private final Receiver receiver;
    private final JsonMapper json;
    private final String exchange;
    private final Class<T> type;
    // Multicast without auto-cancel, so publishing can resubscribe after a broken connection.
    private final Sinks.Many<OutboundMessage> outgoing = Sinks.many().multicast().onBackpressureBuffer(4096, false);
    private final Sinks.Many<T> incoming = Sinks.many().multicast().directBestEffort();
    private volatile Disposable publishing;
    private volatile Disposable consuming;

    public RabbitFanout(Sender sender, Receiver receiver, JsonMapper json, String exchange, Class<T> type) {
        this.sender = sender;
        this.receiver = receiver;
        this.json = json;
        this.exchange = exchange;
        this.type = type;
    }

    /** Non-blocking and safe from any thread; the event reaches this instance too. */
    public void publish(T event) {
        OutboundMessage message = new OutboundMessage(exchange, "", TRANSIENT_JSON, json.writeValueAsBytes(event));
        // Emitted from many threads at once; serialise the emission instead of dropping.
        outgoing.emitNext(message, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(100)));
    }

    /** Every event this instance receives from now on; a subscriber that cannot keep up misses some. */
    public Flux<T> events() {
        return incoming.asFlux();
    }

    @Override
    public void start() {
        sender.declareExchange(ExchangeSpecification.exchange(exchange).type("fanout").durable(true)).block();
        // Not exclusive: queues are declared on the publishing connection and consumed on the other.
        // Auto-delete removes it when this instance stops consuming; the expiry, if it never did.
        String queue = exchange + "." + UUID.randomUUID();
        sender.declareQueue(QueueSpecification.queue(queue).autoDelete(true).durable(false)
                .arguments(Map.of("x-expires", 60_000))).block();
        sender.bindQueue(BindingSpecification.binding(exchange, "", queue)).block();
        consuming = receiver.consumeAutoAck(queue)
                .map(delivery -> json.readValue(delivery.getBody(), type))
                .doOnError(e -> log.warn("Events of {} interrupted, resubscribing: {}", exchange, e.toString()))
                .retryWhen(RECONNECT)
                .subscribe(event -> incoming.emitNext(event, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(100))));
        publishing = Mono.defer(() -> sender.send(outgoing.asFlux()))
                .doOnError(e -> log.warn("Publishing to {} interrupted, resubscribing: {}", exchange, e.toString()))
                .retryWhen(RECONNECT)
                .subscribe();
        log.info("Events on exchange {} via queue {}", exchange, queue);
    }

    @Override
    public void stop() {
        if (consuming != null) {
            consuming.dispose();
        }
        if (publishing != null) {
            publishing.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return consuming != null && !consuming.isDisposed();
    }

    /** Before the queue consumers (Integer.MAX_VALUE / 2), which publish progress and gallery events. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE / 2 - 100;
    }
}
