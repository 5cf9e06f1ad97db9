package dev.darkroom.messaging;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;
import reactor.rabbitmq.RabbitFlux;
import reactor.rabbitmq.Receiver;
import reactor.rabbitmq.ReceiverOptions;
import reactor.rabbitmq.Sender;
import reactor.rabbitmq.SenderOptions;

/**
 * One connection for publishing and one for consuming, as RabbitMQ recommends (a blocked
 * publisher must not stall consumers). Both recover by themselves after a broker restart.
 */
@Configuration(proxyBeanMethods = false)
class RabbitConfiguration {

    @Bean(destroyMethod = "close")
    RabbitConnections rabbitConnections(RabbitProperties properties) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(properties.uri());
        factory.useNio();
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        return new RabbitConnections(factory);
    }

    @Bean
    Sender rabbitSender(RabbitConnections connections) {
        return RabbitFlux.createSender(new SenderOptions().connectionMono(connections.publishing()));
    }

    @Bean
    Receiver rabbitReceiver(RabbitConnections connections) {
        return RabbitFlux.createReceiver(new ReceiverOptions().connectionMono(connections.consuming()));
    }

    /** Lazily opened, shared connections; closing the context closes those that were opened. */
    static final class RabbitConnections implements AutoCloseable {

        private final java.util.Queue<Connection> opened = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final Mono<Connection> publishing;
        private final Mono<Connection> consuming;

        RabbitConnections(ConnectionFactory factory) {
            this.publishing = open(factory, "darkroom-publish");
            this.consuming = open(factory, "darkroom-consume");
        }

        private Mono<Connection> open(ConnectionFactory factory, String name) {
            return Mono.fromCallable(() -> factory.newConnection(name))
                    .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
                    .doOnNext(opened::add)
                    .cache();
        }

        Mono<Connection> publishing() {
            return publishing;
        }

        Mono<Connection> consuming() {
            return consuming;
        }

        @Override
        public void close() {
            for (Connection connection : opened) {
                try {
                    connection.close(2000);
                } catch (Exception ignored) {
                    // already closed by the broker
                }
            }
        }
    }
}
