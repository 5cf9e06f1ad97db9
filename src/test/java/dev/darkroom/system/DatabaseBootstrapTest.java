package dev.darkroom.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import dev.darkroom.support.TestRun;

/**
 * Several instances started together on a new PostgreSQL server (compose's API and workers) all
 * find their database: two simultaneous CREATE DATABASE collide on the catalog's unique index
 * (23505, not 42P04), and the loser used to stop its instance with "Application run failed".
 */
class DatabaseBootstrapTest {

    @Test
    void instancesStartingTogetherAllFindTheDatabaseOneOfThemCreated() throws Exception {
        String database = "darkroom_" + TestRun.ID + "_bootstrap_test";
        String url = "jdbc:postgresql://localhost:5432/" + database;
        String user = System.getenv().getOrDefault("PGUSER", "postgres");
        String password = System.getenv("PGPASSWORD");
        ExecutorService instances = Executors.newFixedThreadPool(6);
        try {
            for (int round = 0; round < 5; round++) {
                DatabaseBootstrap.drop(url, user, password);
                CyclicBarrier together = new CyclicBarrier(6);
                List<Future<?>> starts = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    starts.add(instances.submit(() -> {
                        together.await(10, TimeUnit.SECONDS);
                        DatabaseBootstrap.createIfMissing(url, user, password);
                        return null;
                    }));
                }
                for (Future<?> start : starts) {
                    start.get(30, TimeUnit.SECONDS);   // throws if that instance could not start
                }
                try (var connection = DriverManager.getConnection(url, user, password)) {
                    assertThat(connection.isValid(5)).as("round %d", round).isTrue();
                }
            }
        } finally {
            instances.shutdownNow();
            DatabaseBootstrap.drop(url, user, password);
        }
    }
}
