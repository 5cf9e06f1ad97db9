package dev.darkroom.messaging;

import com.rabbitmq.client.ConnectionFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.rabbitmq.RabbitFlux;
import reactor.rabbitmq.Sender;
import reactor.rabbitmq.SenderOptions;
import tools.jackson.databind.json.JsonMapper;

/**
 * The broker side of messaging. One connection publishes and one consumes, as RabbitMQ advises
 * (a publisher blocked by the broker's memory alarm must not stall the consumers that would
 * relieve it); both are opened lazily and reopened on loss, so an instance starts while the
 * broker is down and connects when it comes up.
 */
@Configuration(proxyBeanMethods = false)
class RabbitConfiguration {

    /** Threads that may block on the broker: connecting, declaring, publishing, cancelling. */
    @Bean(destroyMethod = "dispose")
    Scheduler brokerScheduler() {
        return Schedulers.newBoundedElastic(16, 10_000, "rabbit-io");
    }

    /** Acknowledgements leave from one thread of their own, never from an R2DBC or Netty thread. */
    @Bean(destroyMethod = "dispose")
    Scheduler acknowledgementScheduler() {
        return Schedulers.newSingle("rabbit-ack");
    }

    /** Where event subscribers run: off the publishing thread, and off Reactor's timer threads. */
    @Bean(destroyMethod = "dispose")
    Scheduler eventScheduler() {
        return Schedulers.newParallel("events", Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    @Bean
    ConnectionFactory brokerConnectionFactory(RabbitProperties properties) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(properties.uri());
        // Blocking I/O, a thread per connection (two per instance): the client's NIO loop, shared by
        // all connections, was seen to stop completing handshakes after a few hundred refused
        // connection attempts, leaving the instance unable to reconnect after a broker outage.
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        factory.setRequestedHeartbeat((int) Math.max(1, properties.heartbeat().toSeconds()));
        factory.setConnectionTimeout((int) properties.connectTimeout().toMillis());
        factory.setHandshakeTimeout((int) properties.connectTimeout().toMillis());
        return factory;
    }

    @Bean(destroyMethod = "close")
    BrokerConnection publishingConnection(ConnectionFactory brokerConnectionFactory, Scheduler brokerScheduler) {
        return new BrokerConnection(brokerConnectionFactory, "darkroom-publish", brokerScheduler);
    }

    @Bean(destroyMethod = "close")
    BrokerConnection consumingConnection(ConnectionFactory brokerConnectionFactory, Scheduler brokerScheduler) {
        return new BrokerConnection(brokerConnectionFactory, "darkroom-consume", brokerScheduler);
    }

    /** Channels come from the connection in hand (see RabbitWorkQueue), never from the Sender's own. */
    @Bean(destroyMethod = "close")
    Sender rabbitSender(Scheduler brokerScheduler) {
        return RabbitFlux.createSender(new SenderOptions()
                .connectionSubscriptionScheduler(brokerScheduler)
                .resourceManagementScheduler(brokerScheduler));
    }

    @Bean
    Topology topology(MessagingProperties properties, Scheduler brokerScheduler) {
        return new Topology(properties, brokerScheduler);
    }

    @Bean
    MessageIds messageIds(JsonMapper json) {
        return new MessageIds(json);
    }

    @Bean
    ConsumerHealth consumerHealth() {
        return new ConsumerHealth();
    }

    /** Readiness: every consumer this instance should run is consuming. */
    @Bean
    HealthIndicator messagingHealthIndicator(ConsumerHealth consumerHealth) {
        return consumerHealth::health;
    }

    @Bean
    RabbitWorkQueues workQueues(BrokerConnection publishingConnection, BrokerConnection consumingConnection,
                                Topology topology, Sender rabbitSender, MessageIds messageIds, ConsumerHealth consumerHealth,
                                MessagingProperties properties, Scheduler brokerScheduler,
                                Scheduler acknowledgementScheduler, MeterRegistry metrics) {
        return new RabbitWorkQueues(publishingConnection, consumingConnection, topology, rabbitSender, messageIds,
                consumerHealth, properties, brokerScheduler, acknowledgementScheduler, metrics);
    }

    @Bean
    RabbitEventBuses eventBuses(BrokerConnection publishingConnection, BrokerConnection consumingConnection,
                                Topology topology, Sender rabbitSender, JsonMapper json, ConsumerHealth consumerHealth,
                                MessagingProperties properties, Scheduler brokerScheduler, Scheduler eventScheduler,
                                MeterRegistry metrics) {
        return new RabbitEventBuses(publishingConnection, consumingConnection, topology, rabbitSender, json,
                consumerHealth, properties, brokerScheduler, eventScheduler, metrics);
    }

    @Bean
    OutboxRelay outboxRelay(DatabaseClient db, RabbitWorkQueues workQueues, TransactionalOperator transaction,
                            MessagingProperties properties, MeterRegistry metrics) {
        PostgresOutbox outbox = new PostgresOutbox(db, () -> { });
        return new OutboxRelay(outbox, workQueues, transaction, properties, metrics);
    }

    @Bean
    Outbox outbox(DatabaseClient db, OutboxRelay outboxRelay) {
        return new PostgresOutbox(db, outboxRelay::wake);
    }
}
