package dev.darkroom.messaging;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Declares what the broker must hold, each time a connection is (re)opened, since a restarted
 * broker may have lost anything that was not durable.
 *
 * <p>Every queue is durable or exclusive: RabbitMQ 4.3 refuses non-durable non-exclusive queues.
 * Work queues are quorum queues, replicated and with a delivery limit: a message whose deliveries
 * keep failing (a worker that dies holding it) is dead-lettered into the queue's own dead-letter
 * queue instead of crashing workers forever. Dead-lettering is at-least-once, so a given-up
 * message is never dropped on the way.
 */
final class Topology {

    private static final Logger log = LoggerFactory.getLogger(Topology.class);
    private static final int PRECONDITION_FAILED = 406;
    private static final int RESOURCE_LOCKED = 405;

    /** One queue as declared, for checks that every declaration is one current brokers accept. */
    record Declared(String queue, boolean durable, boolean exclusive, Map<String, Object> arguments) { }

    private final MessagingProperties properties;
    private final Scheduler blocking;
    private final List<Declared> declared = new CopyOnWriteArrayList<>();

    Topology(MessagingProperties properties, Scheduler blocking) {
        this.properties = properties;
        this.blocking = blocking;
    }

    static String deadLetterQueue(String queue) {
        return queue + ".dead-letters";
    }

    Map<String, Object> workQueueArguments(WorkQueueSpec spec) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("x-queue-type", "quorum");
        arguments.put("x-delivery-limit", properties.deliveryLimit());
        arguments.put("x-dead-letter-exchange", properties.deadLetterExchange());
        arguments.put("x-dead-letter-routing-key", spec.queue());
        arguments.put("x-dead-letter-strategy", "at-least-once");
        // at-least-once dead-lettering requires it; no length limit is set, so nothing is refused.
        arguments.put("x-overflow", "reject-publish");
        if (spec.singleActiveConsumer()) {
            arguments.put("x-single-active-consumer", true);
        }
        return arguments;
    }

    /** The work queue, its dead-letter exchange and queue. */
    Mono<Void> declareWorkQueue(Connection connection, WorkQueueSpec spec) {
        return Mono.<Void>fromRunnable(() -> {
            withChannel(connection, channel -> {
                channel.exchangeDeclare(properties.deadLetterExchange(), "direct", true);
                return null;
            });
            String deadLetters = deadLetterQueue(spec.queue());
            declareQueue(connection, deadLetters, Map.of("x-queue-type", "quorum"));
            withChannel(connection, channel -> channel.queueBind(deadLetters, properties.deadLetterExchange(), spec.queue()));
            declareQueue(connection, spec.queue(), workQueueArguments(spec));
        }).subscribeOn(blocking);
    }

    /**
     * A durable queue with these arguments. A queue of that name declared otherwise (a classic
     * queue from an earlier version of Darkroom) is replaced once it has no consumers: the database
     * is the record of what is waiting, and the sweepers republish whatever that loses.
     */
    private void declareQueue(Connection connection, String queue, Map<String, Object> arguments) {
        try {
            withChannel(connection, channel -> channel.queueDeclare(queue, true, false, false, arguments));
        } catch (BrokerRefusal refused) {
            if (refused.code != PRECONDITION_FAILED) {
                throw refused;
            }
            int waiting = withChannel(connection, channel -> channel.queueDeclarePassive(queue)).getMessageCount();
            try {
                withChannel(connection, channel -> channel.queueDelete(queue, true, false));
            } catch (BrokerRefusal inUse) {
                throw new IllegalStateException("queue " + queue + " exists with other arguments and still has "
                        + "consumers (instances of an earlier version?); it is replaced once they have stopped", inUse);
            }
            log.warn("Replaced queue {}, declared with other arguments by an earlier version, with a {} queue; its {} "
                    + "messages are republished from the database", queue, arguments.get("x-queue-type"), waiting);
            withChannel(connection, channel -> channel.queueDeclare(queue, true, false, false, arguments));
        }
        record(new Declared(queue, true, false, arguments));
    }

    /**
     * This connection's own queue on a fan-out exchange: exclusive, so it lives and dies with the
     * connection and a consumer that reconnects always declares it afresh.
     */
    Mono<Void> declareFanout(Connection connection, String exchange, String queue) {
        return Mono.<Void>fromRunnable(() -> {
            withChannel(connection, channel -> channel.exchangeDeclare(exchange, "fanout", true));
            withChannel(connection, channel -> channel.queueDeclare(queue, false, true, true, Map.of()));
            record(new Declared(queue, false, true, Map.of()));
            withChannel(connection, channel -> channel.queueBind(queue, exchange, ""));
        }).subscribeOn(blocking);
    }

    Mono<Void> declareExchange(Connection connection, String exchange) {
        return Mono.<Void>fromRunnable(() -> withChannel(connection, channel -> channel.exchangeDeclare(exchange, "fanout", true)))
                .subscribeOn(blocking);
    }

    /** Messages ready in a queue; errors if it does not exist. */
    Mono<Long> depth(Connection connection, String queue) {
        return Mono.fromCallable(() -> (long) withChannel(connection, channel -> channel.queueDeclarePassive(queue)).getMessageCount())
                .subscribeOn(blocking);
    }

    /** Every queue declared so far, each once (the latest declaration). */
    List<Declared> declared() {
        Map<String, Declared> latest = new LinkedHashMap<>();
        declared.forEach(d -> latest.put(d.queue(), d));
        return List.copyOf(latest.values());
    }

    private void record(Declared declaration) {
        declared.add(declaration);
        if (declared.size() > 1000) {
            List<Declared> keep = declared();
            declared.clear();
            declared.addAll(keep);
        }
    }

    @FunctionalInterface
    private interface ChannelCall<T> {
        T call(Channel channel) throws IOException;
    }

    /** A channel per call: a refused declaration closes its channel, and must not take others down. */
    private static <T> T withChannel(Connection connection, ChannelCall<T> call) {
        Channel channel = null;
        try {
            channel = connection.createChannel();
            return call.call(channel);
        } catch (IOException e) {
            if (e.getCause() instanceof ShutdownSignalException signal
                    && signal.getReason() instanceof AMQP.Channel.Close close) {
                throw new BrokerRefusal(close.getReplyCode(), close.getReplyText());
            }
            throw new java.io.UncheckedIOException(e);
        } finally {
            if (channel != null && channel.isOpen()) {
                try {
                    channel.close();
                } catch (Exception ignored) {
                    // the connection went; whoever uses it next finds out
                }
            }
        }
    }

    /** The broker closed the channel with this reply, e.g. 406 for a declaration it refuses. */
    static final class BrokerRefusal extends RuntimeException {
        final int code;

        BrokerRefusal(int code, String text) {
            super("the broker refused: " + code + " " + text);
            this.code = code;
        }

        boolean resourceLocked() {
            return code == RESOURCE_LOCKED;
        }
    }
}
