package dev.darkroom.support;

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
 * <li>The run has a database of its own, {@code darkroom_test_<run id>}, created by the application
 * on first use, so it migrates from scratch, holds no rows from an earlier run, and no run beside
 * it (another checkout, a CI job) can drop it mid-run. The next run drops it, with the databases
 * its tests made named after it, once no run holds it (whether it ended or crashed).</li>
 * <li>Queues and exchanges get this run's id in their names ({@code darkroom.test.run}, used by
 * application-test.yaml), so two runs on one machine never consume each other's messages. They
 * are deleted when the run ends, and the next run deletes them again with its database, since the
 * run's still-open test contexts declare them anew.</li>
 * </ul>
 */
public final class TestRun implements LauncherSessionListener {

    public static final String ID = UUID.randomUUID().toString().substring(0, 8);

    /**
     * The names application-test.yaml gives this run's queues and exchanges, and those derived
     * from them (the interactive jobs queue). A name missing here is a queue left on the broker
     * by every run: photo downloads and interactive jobs were, hundreds of them.
     */
    private static final List<String> QUEUES = List.of("darkroom.test.jobs.%s", "darkroom.test.jobs.%s.interactive",
            "darkroom.test.photo-processor.%s", "darkroom.test.photo-downloads.%s", "darkroom.test.batches.%s", "darkroom.test.batches.%s.one-at-a-time", "darkroom.test.jobs.%s.one-batch-at-a-time");
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

    /**
     * Arguments that give the instances a test starts queues and exchanges of their own, named
     * after {@code name}: they meet no other test's messages, and are deleted when the run ends.
     */
    public static List<String> ownBroker(String name) {
        String at = "darkroom.test." + name + ".";
        return List.of(
                "--darkroom.jobs.queue=" + ownJobsQueue(name),
                "--darkroom.photos.queue=" + queue(at + "photos"),
                "--darkroom.import.queue=" + queue(at + "photo-downloads"),
                "--darkroom.batches.queue=" + queue(at + "batches"),
                "--darkroom.progress.exchange=" + exchange(at + "progress"),
                "--darkroom.gallery.exchange=" + exchange(at + "gallery"));
    }

    /** The jobs queue of {@link #ownBroker}{@code (name)}. */
    public static String ownJobsQueue(String name) {
        return queue("darkroom.test." + name + ".jobs");
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
        // System properties outrank the test profile's file and the environment.
        System.setProperty("spring.flyway.url", databaseUrl());
        System.setProperty("spring.r2dbc.url", "r2dbc:" + databaseUrl().substring("jdbc:".length()));
        claim();
        dropLeftovers();
    }

    /**
     * A connection held for the whole run, with an advisory lock named for this run's database.
     * Another run drops only databases whose lock nobody holds: "no connection open at this
     * moment" is not enough, since a run between two test classes has none, and dropping its
     * database under it fails every class after. A killed run's lock goes with its connection.
     */
    private static void claim() {
        try {
            claim = maintenance();
            try (Statement statement = claim.createStatement()) {
                statement.execute("SELECT pg_advisory_lock(hashtext('" + DATABASE + "'))");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not reach PostgreSQL on " + SERVER + " for the test database", e);
        }
    }

    @Override
    public synchronized void launcherSessionClosed(LauncherSession session) {
        // The database is left for the next run to drop, with whatever queues are left then: the
        // test contexts are still open here (Spring closes them in shutdown hooks of its own), and
        // their consumers declare this run's queues again as soon as they are deleted, so only a
        // later run, when nothing of this one is alive, can remove them for good. Closing the
        // claim's connection tells that run this one has ended.
        if (claim != null) {
            try {
                claim.close();
            } catch (SQLException ignored) {
                // the lock goes with the connection either way
            }
        }
        removeBrokerObjects(ID, MORE_QUEUES, MORE_EXCHANGES);
    }

    /**
     * Deletes a run's queues and exchanges: this run's when it ends, with those its tests added;
     * an earlier run's when this run drops its database, the ones every run declares. Durable
     * quorum queues left behind pile up on the broker, a process or more each, until it stops
     * answering.
     */
    private static void removeBrokerObjects(String run, java.util.Collection<String> moreQueues,
                                            java.util.Collection<String> moreExchanges) {
        ConnectionFactory factory = new ConnectionFactory();
        try (com.rabbitmq.client.Connection connection = factory.newConnection("darkroom-test-cleanup")) {
            List<String> queues = new java.util.ArrayList<>(QUEUES.stream().map(q -> q.formatted(run)).toList());
            queues.addAll(moreQueues);
            // A job queue's interactive twin, for the job queues tests name themselves.
            queues.addAll(moreQueues.stream().map(q -> q + ".interactive").toList());
            // Each work queue has its dead-letter queue beside it.
            queues.addAll(queues.stream().map(q -> q + ".dead-letters").toList());
            for (String queue : queues) {
                try (Channel channel = connection.createChannel()) {
                    channel.queueDelete(queue);
                } catch (Exception ignored) {
                    // never declared in that run
                }
            }
            List<String> exchanges = new java.util.ArrayList<>(EXCHANGES.stream().map(e -> e.formatted(run)).toList());
            exchanges.addAll(moreExchanges);
            for (String exchange : exchanges) {
                try (Channel channel = connection.createChannel()) {
                    channel.exchangeDelete(exchange);
                } catch (Exception ignored) {
                    // never declared in that run
                }
            }
        } catch (Exception e) {
            System.err.println("Could not remove the queues of test run " + run + ": " + e);
        }
    }

    private static final String SERVER = "localhost:5432";
    private static final String DATABASE = "darkroom_test_" + ID;

    /** Held open for the run; see {@link #claim()}. */
    private static Connection claim;

    /** This run's test database as a JDBC URL (its R2DBC twin has the same host, port and name). */
    public static String databaseUrl() {
        return "jdbc:postgresql://" + SERVER + "/" + DATABASE;
    }

    /** Test databases of earlier runs that ended without dropping theirs; one in use is left alone. */
    private static void dropLeftovers() {
        try (Connection connection = maintenance(); Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'darkroom\\_test\\_%'")) {
            List<String> names = new java.util.ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            names.remove(DATABASE);
            for (String name : names) {
                try (var held = statement.executeQuery("SELECT pg_try_advisory_lock(hashtext('" + name + "'))")) {
                    held.next();
                    if (!held.getBoolean(1)) {
                        continue;   // a run going on beside this one
                    }
                }
                String run = name.substring("darkroom_test_".length());
                dropDatabase(name, false);
                // Databases its tests made of their own, named after the run.
                try (var own = connection.createStatement().executeQuery(
                        "SELECT datname FROM pg_database WHERE datname LIKE 'darkroom\\_" + run + "\\_%'")) {
                    while (own.next()) {
                        dropDatabase(own.getString(1), false);
                    }
                }
                statement.execute("SELECT pg_advisory_unlock(hashtext('" + name + "'))");
                removeBrokerObjects(run, List.of(), List.of());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not reach PostgreSQL on " + SERVER + " for the test database", e);
        }
    }

    private static void dropDatabase(String database, boolean force) {
        if (!database.matches("darkroom_[a-z0-9_]*test[a-z0-9_]*")) {
            throw new IllegalStateException("refusing to drop '" + database + "': test databases are named darkroom_*test*");
        }
        try (Connection connection = maintenance(); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + (force ? " WITH (FORCE)" : ""));
        } catch (SQLException e) {
            // In use by a run going on beside this one: it drops its own when it ends.
        }
    }

    private static Connection maintenance() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/postgres",
                System.getenv().getOrDefault("PGUSER", "postgres"), System.getenv("PGPASSWORD"));
    }
}
