package dev.darkroom.messaging;

import java.util.Optional;

/**
 * Which failures belong to a dependency rather than to the item being worked on. A fault of the
 * database, the object store or the broker passes: the work is tried again, and a request that
 * needed the dependency is answered 503 naming it. Anything else (the image, its size, a bug in
 * one operation) belongs to the item, which fails alone, or it would be retried forever.
 */
public final class Faults {

    public static final String DATABASE = "database";
    public static final String STORAGE = "object storage";
    public static final String BROKER = "message broker";

    private Faults() {
    }

    public static boolean isInfrastructure(Throwable e) {
        return dependency(e).isPresent();
    }

    /** The dependency that failed, judged by the exception and its causes. */
    public static Optional<String> dependency(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (databaseAway(t)) {
                return Optional.of(DATABASE);
            }
            if (t instanceof dev.darkroom.storage.StorageException) {
                return Optional.of(STORAGE);
            }
            if (t instanceof BrokerUnavailableException) {
                return Optional.of(BROKER);
            }
        }
        return Optional.empty();
    }

    /**
     * The database could not be reached, dropped the connection, timed out or asked for a retry.
     * A bad statement or a violated constraint is a bug or a bad item, not an outage: retrying it
     * would never end.
     */
    private static boolean databaseAway(Throwable t) {
        return t instanceof org.springframework.dao.DataAccessResourceFailureException
                || t instanceof org.springframework.dao.TransientDataAccessException
                || t instanceof io.r2dbc.spi.R2dbcTransientException
                || t instanceof io.r2dbc.spi.R2dbcNonTransientResourceException
                || t.getClass().getName().startsWith("io.r2dbc.pool.")
                || t.getClass().getName().startsWith("io.r2dbc.postgresql.client.") && t instanceof io.r2dbc.spi.R2dbcException;
    }
}
