package dev.darkroom.messaging;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.SmartLifecycle;
import reactor.core.scheduler.Scheduler;
import reactor.rabbitmq.Sender;
import tools.jackson.databind.json.JsonMapper;

/** The event buses of this instance; they start before the work queues and stop after them. */
final class RabbitEventBuses implements EventBuses, SmartLifecycle {

    private static final int PREFETCH = 256;

    private final String instance = UUID.randomUUID().toString();
    private final BrokerConnection publishing;
    private final BrokerConnection consuming;
    private final Topology topology;
    private final Sender sender;
    private final JsonMapper json;
    private final ConsumerHealth health;
    private final MessagingProperties properties;
    private final Scheduler blocking;
    private final Scheduler delivering;
    private final MeterRegistry metrics;
    private final List<RabbitEventBus<?>> buses = new CopyOnWriteArrayList<>();
    private volatile boolean running;

    RabbitEventBuses(BrokerConnection publishing, BrokerConnection consuming, Topology topology, Sender sender,
                     JsonMapper json, ConsumerHealth health, MessagingProperties properties, Scheduler blocking,
                     Scheduler delivering, MeterRegistry metrics) {
        this.publishing = publishing;
        this.consuming = consuming;
        this.topology = topology;
        this.sender = sender;
        this.json = json;
        this.health = health;
        this.properties = properties;
        this.blocking = blocking;
        this.delivering = delivering;
        this.metrics = metrics;
    }

    @Override
    public <T> EventBus<T> bus(String topic, Class<T> type) {
        String queue = topic + "." + instance;
        DeliverySource incoming = new RabbitDeliveries(topic + " events", queue, PREFETCH, consuming,
                open -> topology.declareFanout(open, topic, queue), health, properties, blocking);
        Counter dropped = Counter.builder("darkroom.events.dropped")
                .description("Events dropped: a subscriber fell behind, or the broker was away too long")
                .tag("bus", topic).register(metrics);
        RabbitEventBus<T> bus = new RabbitEventBus<>(topic, type, instance, publishing, incoming, topology, sender, json,
                blocking, delivering, properties, dropped);
        buses.add(bus);
        if (running) {
            bus.start();
        }
        return bus;
    }

    @Override
    public void start() {
        running = true;
        buses.forEach(RabbitEventBus::start);
    }

    @Override
    public void stop() {
        running = false;
        buses.forEach(RabbitEventBus::stop);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return RabbitWorkQueues.PHASE - 100;
    }
}
