package dev.darkroom.system;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Creates the database when it is missing, then migrates, so a fresh machine with a running
 * PostgreSQL needs no manual step. It connects to the server's {@code postgres} maintenance
 * database for the CREATE, with the same credentials.
 *
 * <p>An instance starts even while PostgreSQL is down: the first attempt runs during startup, and
 * if the server cannot be reached, the instance comes up not ready (see {@link SchemaState}) and
 * keeps trying in the background until the schema is in place.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseBootstrap {

    private static final Logger log = LoggerFactory.getLogger(DatabaseBootstrap.class);
    private static final Duration RETRY_MIN = Duration.ofSeconds(1);
    private static final Duration RETRY_MAX = Duration.ofSeconds(30);

    @Bean
    SchemaState schemaState() {
        return new SchemaState();
    }

    @Bean
    FlywayMigrationStrategy createDatabaseThenMigrate(Environment env, SchemaState schema) {
        return flyway -> {
            Runnable migrate = () -> {
                String url = env.getRequiredProperty("spring.flyway.url");
                String user = env.getProperty("spring.flyway.user");
                String password = env.getProperty("spring.flyway.password");
                if (env.getProperty("darkroom.database.reset-on-start", Boolean.class, false)) {
                    drop(url, user, password);
                }
                if (env.getProperty("darkroom.database.create-if-missing", Boolean.class, true)) {
                    createIfMissing(url, user, password);
                }
                flyway.migrate();
                schema.migrated();
            };
            try {
                migrate.run();
            } catch (RuntimeException first) {
                if (!unreachable(first)) {
                    throw first;
                }
                schema.waiting(first.getMessage());
                log.warn("PostgreSQL cannot be reached ({}); starting without it, and migrating once it answers",
                        rootMessage(first));
                Thread.ofVirtual().name("database-bootstrap").start(() -> retry(migrate, schema));
            }
        };
    }

    private static void retry(Runnable migrate, SchemaState schema) {
        Duration wait = RETRY_MIN;
        while (true) {
            try {
                Thread.sleep(wait);
                migrate.run();
                log.info("PostgreSQL answers; the schema is migrated");
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                schema.waiting(e.getMessage());
                if (!unreachable(e)) {
                    log.error("Migrating the database failed; trying again in {} s", RETRY_MAX.toSeconds(), e);
                    wait = RETRY_MAX;
                } else {
                    wait = wait.multipliedBy(2).compareTo(RETRY_MAX) > 0 ? RETRY_MAX : wait.multipliedBy(2);
                }
            }
        }
    }

    /** A connection that could not be made (SQLState class 08), as opposed to a migration that failed. */
    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /**
     * For end-to-end runs that must start empty. Only a database whose name says it is for tests
     * may be dropped, so a mistaken property can never empty a real one.
     */
    static void drop(String jdbcUrl, String user, String password) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String database = uri.getPath().substring(1);
        if (!database.matches("darkroom_[a-z0-9_]*test[a-z0-9_]*")) {
            throw new IllegalStateException("darkroom.database.reset-on-start refuses to drop '" + database
                    + "': only databases named darkroom_*test* may be reset");
        }
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + uri.getAuthority() + "/postgres", user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            log.info("Dropped database {} (reset-on-start)", database);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not reset database " + database + ": " + e.getMessage(), e);
        }
    }

    static void createIfMissing(String jdbcUrl, String user, String password) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String database = uri.getPath().substring(1);
        if (!database.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("database name '" + database + "' must be letters, digits and underscores");
        }
        String maintenance = "jdbc:postgresql://" + uri.getAuthority() + "/postgres" + (uri.getQuery() == null ? "" : "?" + uri.getQuery());
        try (Connection connection = DriverManager.getConnection(maintenance, user, password);
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + database);
                log.info("Created database {}", database);
            } catch (SQLException e) {
                // Another instance created it first: 42P04 if it had committed, and 23505 on the
                // catalog's unique name index if both CREATEs ran at once (several instances
                // starting together on a new server), in which case the database now exists.
                boolean raced = "23505".equals(e.getSQLState());
                if (!"42P04".equals(e.getSQLState()) && !raced) {
                    throw e;
                }
                if (raced) {
                    try (ResultSet rows = exists.executeQuery()) {
                        if (!rows.next()) {
                            throw e;
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database '" + database + "' via " + maintenance
                    + ": " + e.getMessage() + ". Is PostgreSQL running and may this user create databases?", e);
        }
    }
}
