package dev.darkroom.system;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether the database schema is in place. Until it is (PostgreSQL was down when the instance
 * started), readiness is down and requests that need the database are answered 503.
 */
public final class SchemaState implements HealthIndicator {

    private volatile boolean migrated;
    private volatile String problem = "not migrated yet";

    void migrated() {
        migrated = true;
        problem = null;
    }

    void waiting(String why) {
        problem = why;
    }

    public boolean isMigrated() {
        return migrated;
    }

    @Override
    public Health health() {
        return migrated ? Health.up().build()
                : Health.down().withDetail("schema", "waiting for PostgreSQL: " + problem).build();
    }
}
