package dev.darkroom.messaging;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * One named connection to the broker, opened when first needed and opened again whenever the one
 * in hand has closed. The client's own automatic recovery is off: it restores consumers on queues
 * that may no longer exist and leaves them silently dead. Here every user of the connection
 * notices the loss (its flux ends), and starts over on a fresh connection, declaring what it needs
 * again; that one path covers a broker restart, a cut connection and a broker that was never up.
 */
final class BrokerConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrokerConnection.class);

    private final ConnectionFactory factory;
    private final String name;
    private final Scheduler blocking;
    private Connection current;
    private boolean closed;

    BrokerConnection(ConnectionFactory factory, String name, Scheduler blocking) {
        this.factory = factory;
        this.name = name;
        this.blocking = blocking;
    }

    /** The open connection, opening one if needed; errors when the broker cannot be reached. */
    Mono<Connection> get() {
        return Mono.fromCallable(this::openIfNeeded).subscribeOn(blocking);
    }

    private synchronized Connection openIfNeeded() throws Exception {
        if (closed) {
            throw new IllegalStateException("the " + name + " connection is closed: the application is stopping");
        }
        if (current != null && current.isOpen()) {
            return current;
        }
        boolean reconnect = current != null;
        current = factory.newConnection(name);
        current.addShutdownListener(cause -> {
            if (!cause.isInitiatedByApplication()) {
                log.warn("Connection {} to the broker lost: {}", name, cause.getMessage());
            }
        });
        log.info("{} connection {} to the broker", reconnect ? "Reopened" : "Opened", name);
        return current;
    }

    /** Closed for good: the application is stopping, and nothing should reconnect. */
    synchronized boolean isClosed() {
        return closed;
    }

    synchronized boolean isOpen() {
        return current != null && current.isOpen();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (current != null && current.isOpen()) {
            try {
                current.close(2000);
            } catch (Exception e) {
                log.debug("Closing {}: {}", name, e.toString());
            }
        }
    }
}
