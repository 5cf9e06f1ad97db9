package dev.darkroom.progress;

import com.rabbitmq.client.AMQP;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
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
 * A fan-out exchange; each instance consumes through its own auto-deleted queue.
 * Events are transient: a lost one costs a client at most one recheck interval of staleness.
 */
@Component
class RabbitProgressBus implements ProgressBus, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RabbitProgressBus.class);
    private static final AMQP.BasicProperties TRANSIENT_JSON =
            new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(1).build();

    private final Sender sender;
    private final Receiver receiver;
    private final JsonMapper json;
    private final String exchange;
    // Multicast without auto-cancel, so publishing can resubscribe after a broken connection.
    private final Sinks.Many<OutboundMessage> outgoing = Sinks.many().multicast().onBackpressureBuffer(4096, false);
    private final Sinks.Many<ProgressEvent> incoming = Sinks.many().multicast().directBestEffort();
    private volatile Disposable publishing;
    private volatile Disposable consuming;

    RabbitProgressBus(Sender sender, Receiver receiver, JsonMapper json, ProgressProperties properties) {
        this.sender = sender;
        this.receiver = receiver;
        this.json = json;
        this.exchange = properties.exchange();
    }

    @Override
    public void publish(ProgressEvent event) {
        OutboundMessage message = new OutboundMessage(exchange, "", TRANSIENT_JSON, json.writeValueAsBytes(event));
        // Emitted from many threads at once; serialise the emission instead of dropping.
        outgoing.emitNext(message, Sinks.EmitFailureHandler.busyLooping(java.time.Duration.ofMillis(100)));
    }

    @Override
    public Flux<ProgressEvent> events() {
        return incoming.asFlux();
    }

    @Override
    public void start() {
        sender.declareExchange(ExchangeSpecification.exchange(exchange).type("fanout").durable(true)).block();
        // Not exclusive: queues are declared on the publishing connection and consumed on the other.
        // Auto-delete removes it when this instance stops consuming; the expiry, if it never did.
        String queue = exchange + "." + java.util.UUID.randomUUID();
        sender.declareQueue(QueueSpecification.queue(queue).autoDelete(true).durable(false)
                .arguments(java.util.Map.of("x-expires", 60_000))).block();
        sender.bindQueue(BindingSpecification.binding(exchange, "", queue)).block();
        consuming = receiver.consumeAutoAck(queue)
                .map(delivery -> json.readValue(delivery.getBody(), ProgressEvent.class))
                .doOnError(e -> log.warn("Progress events interrupted, resubscribing: {}", e.toString()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, java.time.Duration.ofMillis(200)).maxBackoff(java.time.Duration.ofSeconds(5)))
                .subscribe(event -> incoming.emitNext(event,
                        Sinks.EmitFailureHandler.busyLooping(java.time.Duration.ofMillis(100))));
        publishing = Mono.defer(() -> sender.send(outgoing.asFlux()))
                .doOnError(e -> log.warn("Progress publishing interrupted, resubscribing: {}", e.toString()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, java.time.Duration.ofMillis(200)).maxBackoff(java.time.Duration.ofSeconds(5)))
                .subscribe();
        log.info("Progress events on exchange {} via queue {}", exchange, queue);
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

    /** Start before the worker, stop after it, so its last events still go out. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE / 2 - 100;
    }
}
