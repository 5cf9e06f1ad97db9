package dev.darkroom.messaging;

import java.time.Duration;

import com.rabbitmq.client.AMQP;
import io.micrometer.core.instrument.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.rabbitmq.OutboundMessage;
import reactor.rabbitmq.SendOptions;
import reactor.rabbitmq.Sender;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Events over a fan-out exchange: every instance consumes it through an exclusive queue of its
 * own, declared on its consuming connection each time that connection opens. An event reaches
 * this instance's subscribers at once, without the round trip, and the broker's copy of it is
 * skipped on the way back.
 */
final class RabbitEventBus<T> implements EventBus<T> {

    private static final Logger log = LoggerFactory.getLogger(RabbitEventBus.class);
    private static final int OUTGOING_BUFFER = 4096;

    private final String exchange;
    private final Class<T> type;
    private final String instance;
    private final BrokerConnection publishing;
    private final DeliverySource incoming;
    private final Topology topology;
    private final Sender sender;
    private final JsonMapper json;
    private final Scheduler blocking;
    private final MessagingProperties properties;
    private final Broadcast<T> local;
    private final Counter dropped;
    private final AMQP.BasicProperties transientJson;
    // Multicast without auto-cancel: the publishing loop resubscribes after a lost connection, and
    // events published meanwhile wait in the buffer (the oldest are dropped past it).
    private final Sinks.Many<OutboundMessage> outgoing = Sinks.many().multicast().onBackpressureBuffer(OUTGOING_BUFFER, false);
    private volatile Disposable sending;
    private volatile Disposable receiving;

    RabbitEventBus(String exchange, Class<T> type, String instance, BrokerConnection publishing, DeliverySource incoming,
                   Topology topology, Sender sender, JsonMapper json, Scheduler blocking, Scheduler delivering,
                   MessagingProperties properties, Counter dropped) {
        this.exchange = exchange;
        this.type = type;
        this.instance = instance;
        this.publishing = publishing;
        this.incoming = incoming;
        this.topology = topology;
        this.sender = sender;
        this.json = json;
        this.blocking = blocking;
        this.properties = properties;
        this.dropped = dropped;
        this.local = new Broadcast<>(properties.eventBuffer(), dropped, delivering);
        this.transientJson = new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(1)
                .appId(instance).build();
    }

    @Override
    public void publish(T event) {
        try {
            local.emit(event);
            OutboundMessage message = new OutboundMessage(exchange, "", transientJson, json.writeValueAsBytes(event));
            Sinks.EmitResult result;
            synchronized (outgoing) {
                result = outgoing.tryEmitNext(message);
            }
            if (result.isFailure()) {
                dropped.increment();
            }
        } catch (RuntimeException e) {
            // Events are best effort; whatever publishes them (a job's pixel loop) must never fail for it.
            dropped.increment();
            log.debug("Dropped an event on {}: {}", exchange, e.toString());
        }
    }

    @Override
    public Flux<T> events() {
        return local.subscribe();
    }

    synchronized void start() {
        if (sending != null && !sending.isDisposed()) {
            return;
        }
        sending = Flux.defer(() -> publishing.get().flatMap(open -> topology.declareExchange(open, exchange)
                        // Off the publishing thread: a sink emission runs its subscriber in place, and a
                        // pixel loop must never wait on the broker.
                        .then(sender.send(outgoing.asFlux().publishOn(blocking, 256), new SendOptions()
                                .channelMono(Mono.fromCallable(open::createChannel))
                                .exceptionHandler((context, e) -> {
                                    throw new BrokerUnavailableException("could not publish to " + exchange, e);
                                })))))
                .subscribeOn(blocking)
                .doOnError(e -> log.debug("Publishing events to {} interrupted ({}); reconnecting", exchange, e.toString()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, properties.reconnectMin()).maxBackoff(properties.reconnectMax())
                        .filter(e -> !publishing.isClosed()))
                .onErrorResume(e -> publishing.isClosed(), e -> Mono.empty())
                .repeatWhen(ended -> ended.takeWhile(signal -> !publishing.isClosed())
                        .concatMap(signal -> Mono.delay(properties.reconnectMin())))
                .subscribe();
        receiving = incoming.deliveries()
                .subscribe(message -> {
                    message.ack();
                    receive(message);
                });
    }

    private void receive(Inbound message) {
        if (message instanceof Origin origin && instance.equals(origin.origin())) {
            return;
        }
        try {
            local.emit(json.readValue(message.body(), type));
        } catch (RuntimeException e) {
            log.warn("Ignoring an event on {} that is not a {}: {}", exchange, type.getSimpleName(), e.toString());
        }
    }

    synchronized void stop() {
        incoming.close().block();
        if (receiving != null) {
            receiving.dispose();
        }
        if (sending != null) {
            // Give the last events (a job's final state) a moment to leave.
            Mono.delay(Duration.ofMillis(200)).block();
            sending.dispose();
        }
    }

    /** Which instance published an inbound event. */
    interface Origin {
        String origin();
    }
}
