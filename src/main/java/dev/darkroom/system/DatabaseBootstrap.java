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
            if (env.getProperty("darkroom.database.create-if-missing", Boolean.class, true)) {
                createIfMissing(env.getRequiredProperty("spring.flyway.url"),
                        env.getProperty("spring.flyway.user"), env.getProperty("spring.flyway.password"));
            }
            flyway.migrate();
        };
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
