package dev.darkroom.messaging;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import reactor.core.scheduler.Scheduler;
import reactor.rabbitmq.Sender;

/**
 * The work queues of this instance, and their consumers: one for the work, and one for the
 * dead letters, which turns each given-up message into a failed item the user can see.
 */
final class RabbitWorkQueues implements WorkQueues, SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RabbitWorkQueues.class);

    /** After the event buses start (work publishes events) and before they stop. */
    static final int PHASE = Integer.MAX_VALUE / 2;

    private final BrokerConnection publishing;
    private final BrokerConnection consuming;
    private final Topology topology;
    private final Sender sender;
    private final MessageIds ids;
    private final ConsumerHealth health;
    private final MessagingProperties properties;
    private final Scheduler blocking;
    private final Scheduler acks;
    private final MeterRegistry metrics;
    private final Map<String, RabbitWorkQueue> queues = new ConcurrentHashMap<>();
    private final List<WorkConsumer> consumers = new CopyOnWriteArrayList<>();
    private volatile boolean running;

    RabbitWorkQueues(BrokerConnection publishing, BrokerConnection consuming, Topology topology, Sender sender,
                     MessageIds ids, ConsumerHealth health, MessagingProperties properties, Scheduler blocking,
                     Scheduler acks, MeterRegistry metrics) {
        this.publishing = publishing;
        this.consuming = consuming;
        this.topology = topology;
        this.sender = sender;
        this.ids = ids;
        this.health = health;
        this.properties = properties;
        this.blocking = blocking;
        this.acks = acks;
        this.metrics = metrics;
    }

    @Override
    public WorkQueue define(WorkQueueSpec spec) {
        RabbitWorkQueue queue = new RabbitWorkQueue(spec, publishing, topology, sender, ids, blocking);
        if (queues.putIfAbsent(spec.queue(), queue) != null) {
            throw new IllegalStateException("work queue " + spec.queue() + " is defined twice");
        }
        if (spec.consume()) {
            consumers.add(new WorkConsumer(spec.what(),
                    new RabbitDeliveries(spec.what(), spec.queue(), spec.concurrency(), consuming,
                            open -> topology.declareWorkQueue(open, spec), health, properties, blocking),
                    spec.concurrency(), spec.work()::process, spec.work(), ids, properties, acks, metrics));
            String deadLetters = Topology.deadLetterQueue(spec.queue());
            int deliveries = properties.deliveryLimit() + 1;
            consumers.add(new WorkConsumer(spec.what() + ".dead-letters",
                    new RabbitDeliveries(spec.what() + " dead letters", deadLetters, 1, consuming,
                            open -> topology.declareWorkQueue(open, spec), health, properties, blocking),
                    1, (id, attempt) -> spec.work().giveUp(id, deliveries),
                    spec.work(), ids, properties, acks, metrics));
        }
        if (running) {
            consumers.forEach(WorkConsumer::start);
        }
        return queue;
    }

    /** The queues this instance defined, which are those its outbox relay publishes to. */
    Optional<RabbitWorkQueue> queue(String name) {
        return Optional.ofNullable(queues.get(name));
    }

    List<String> names() {
        return List.copyOf(queues.keySet());
    }

    @Override
    public void start() {
        running = true;
        consumers.forEach(WorkConsumer::start);
    }

    @Override
    public void stop(Runnable callback) {
        running = false;
        CountDownLatch drained = new CountDownLatch(consumers.size());
        consumers.forEach(consumer -> consumer.stop(drained::countDown));
        Thread.ofVirtual().name("drain-work-queues").start(() -> {
            try {
                drained.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            callback.run();
        });
    }

    @Override
    public void stop() {
        running = false;
        consumers.forEach(WorkConsumer::stopNow);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Runs after the lifecycle has stopped, before the broker connections close. A drain that
     * finished left nothing in hand; anything still there means the shutdown phase's time ran out
     * first. Spring says only that a phase ended with a bean still running; this says which work
     * was cut short and what becomes of it, so that an operator who sees an item run twice after a
     * deploy finds why.
     */
    @Override
    public void destroy() {
        for (WorkConsumer consumer : consumers) {
            int left = consumer.inHand();
            if (left > 0) {
                log.warn("Stopped with work still in hand ({}: {}): the shutdown phase's time (spring.lifecycle.timeout-per-shutdown-phase) "
                        + "ran out before it finished; the broker hands it to another worker", consumer.what(), left);
            }
        }
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
