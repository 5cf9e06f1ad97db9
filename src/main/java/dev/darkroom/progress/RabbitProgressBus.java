package dev.darkroom.progress;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import dev.darkroom.messaging.RabbitFanout;
import reactor.core.publisher.Flux;
import reactor.rabbitmq.Receiver;
import reactor.rabbitmq.Sender;
import tools.jackson.databind.json.JsonMapper;

/**
 * Progress over a fan-out exchange, so every instance hears every job. Events are transient: a
 * lost one costs a client at most one recheck interval of staleness.
 */
@Component
class RabbitProgressBus implements ProgressBus, SmartLifecycle {

    private final RabbitFanout<ProgressEvent> fanout;

    RabbitProgressBus(Sender sender, Receiver receiver, JsonMapper json, ProgressProperties properties) {
        this.fanout = new RabbitFanout<>(sender, receiver, json, properties.exchange(), ProgressEvent.class);
    }

    @Override
    public void publish(ProgressEvent event) {
        fanout.publish(event);
    }

    @Override
    public Flux<ProgressEvent> events() {
        return fanout.events();
    }

    @Override
    public void start() {
        fanout.start();
    }

    @Override
    public void stop() {
        fanout.stop();
    }

    @Override
    public boolean isRunning() {
        return fanout.isRunning();
    }

    /** Start before the worker, stop after it, so its last events still go out. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE / 2 - 100;
    }
}
