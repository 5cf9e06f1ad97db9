package dev.darkroom.progress;

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
class RabbitProgressBus implements ProgressBus {

    private final RabbitFanout<ProgressEvent> fanout;

    RabbitProgressBus(RabbitFanout<ProgressEvent> progressFanout) {
        this.fanout = progressFanout;
    }

    @Override
    public void publish(ProgressEvent event) {
        fanout.publish(event);
    }

    @Override
    public Flux<ProgressEvent> events() {
        return fanout.events();
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class Exchange {

        @org.springframework.context.annotation.Bean
        RabbitFanout<ProgressEvent> progressFanout(Sender sender, Receiver receiver, JsonMapper json,
                                                   ProgressProperties properties) {
            return new RabbitFanout<>(sender, receiver, json, properties.exchange(), ProgressEvent.class);
        }
    }
}
