package dev.darkroom.system;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

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
 */
@Configuration(proxyBeanMethods = false)
class DatabaseBootstrap {

    private static final Logger log = LoggerFactory.getLogger(DatabaseBootstrap.class);

    @Bean
    FlywayMigrationStrategy createDatabaseThenMigrate(Environment env) {
        return flyway -> {
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
        };
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
                // 42P04: another instance created it first.
                if (!"42P04".equals(e.getSQLState())) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database '" + database + "' via " + maintenance
                    + ": " + e.getMessage() + ". Is PostgreSQL running and may this user create databases?", e);
        }
    }
}
