package dev.darkroom.support;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Isolates one test run (one test JVM) from earlier runs and from runs going on beside it.
 * <ul>
 * <li>The test database is dropped before the run, so it migrates from scratch and holds no rows
 * from an earlier run; the application recreates it. Its name comes from SPRING_FLYWAY_URL when
 * set (to run beside another checkout's tests), else the test profile's darkroom_test.</li>
 * <li>Queues and exchanges get this run's id in their names ({@code darkroom.test.run}, used by
 * application-test.yaml), so two runs on one machine never consume each other's messages, and
 * they are deleted when the run ends.</li>
 * </ul>
 */
public final class TestRun implements LauncherSessionListener {

    public static final String ID = UUID.randomUUID().toString().substring(0, 8);

    /** The names application-test.yaml gives this run's queues and exchanges. */
    private static final List<String> QUEUES = List.of("darkroom.test.jobs.%s", "darkroom.test.photo-processor.%s",
            "darkroom.test.batches.%s", "darkroom.test.batches.%s.one-at-a-time", "darkroom.test.jobs.%s.one-batch-at-a-time");
    private static final List<String> EXCHANGES = List.of("darkroom.test.progress.%s", "darkroom.test.gallery.%s");

    private static final java.util.Set<String> MORE_QUEUES = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final java.util.Set<String> MORE_EXCHANGES = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static boolean opened;

    /** A queue name for a test that starts its own instances; deleted when the run ends. */
    public static String queue(String prefix) {
        String name = prefix + "." + ID;
        MORE_QUEUES.add(name);
        return name;
    }

    /** An exchange name for a test that starts its own instances; deleted when the run ends. */
    public static String exchange(String prefix) {
        String name = prefix + "." + ID;
        MORE_EXCHANGES.add(name);
        return name;
    }

    @Override
    public synchronized void launcherSessionOpened(LauncherSession session) {
        if (opened) {
            return;
        }
        opened = true;
        System.setProperty("darkroom.test.run", ID);
        resetDatabase();
    }

    @Override
    public synchronized void launcherSessionClosed(LauncherSession session) {
        ConnectionFactory factory = new ConnectionFactory();
        try (com.rabbitmq.client.Connection connection = factory.newConnection("darkroom-test-cleanup")) {
            List<String> queues = new java.util.ArrayList<>(QUEUES.stream().map(q -> q.formatted(ID)).toList());
            queues.addAll(MORE_QUEUES);
            // Each work queue has its dead-letter queue beside it.
            queues.addAll(queues.stream().map(q -> q + ".dead-letters").toList());
            for (String queue : queues) {
                try (Channel channel = connection.createChannel()) {
                    channel.queueDelete(queue);
                } catch (Exception ignored) {
                    // never declared in this run
                }
            }
            List<String> exchanges = new java.util.ArrayList<>(EXCHANGES.stream().map(e -> e.formatted(ID)).toList());
            exchanges.addAll(MORE_EXCHANGES);
            for (String exchange : exchanges) {
                try (Channel channel = connection.createChannel()) {
                    channel.exchangeDelete(exchange);
                } catch (Exception ignored) {
                    // never declared in this run
                }
            }
        } catch (Exception e) {
            System.err.println("Could not remove this test run's queues: " + e);
        }
    }

    /** This run's test database as a JDBC URL (its R2DBC twin has the same host, port and name). */
    public static String databaseUrl() {
        return System.getenv().getOrDefault("SPRING_FLYWAY_URL", "jdbc:postgresql://localhost:5432/darkroom_test");
    }

    private static void resetDatabase() {
        String url = databaseUrl();
        URI uri = URI.create(url.substring("jdbc:".length()));
        String database = uri.getPath().substring(1);
        if (!database.matches("darkroom_[a-z0-9_]*test[a-z0-9_]*")) {
            throw new IllegalStateException("refusing to drop '" + database + "': test databases are named darkroom_*test*");
        }
        String user = System.getenv().getOrDefault("PGUSER", "postgres");
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://" + uri.getAuthority() + "/postgres", user, System.getenv("PGPASSWORD"));
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not reset the test database " + database
                    + "; is PostgreSQL running on " + uri.getAuthority() + "?", e);
        }
    }
}
