package dev.darkroom.support;

import java.time.Duration;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import org.awaitility.Awaitility;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A table locked against every other transaction, reads included, until released: it holds one
 * of the service's queries in the middle, so that a test can make something happen meanwhile.
 */
public final class HeldTable implements AutoCloseable {

    private final Connection connection;
    private boolean held;

    private HeldTable(Connection connection) {
        this.connection = connection;
    }

    public static HeldTable hold(ConnectionFactory connections, String table) {
        HeldTable held = new HeldTable(Mono.from(connections.create()).block());
        Mono.from(held.connection.beginTransaction()).block();
        Flux.from(held.connection.createStatement("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE").execute())
                .flatMap(Result::getRowsUpdated).blockLast();
        held.held = true;
        return held;
    }

    /** Waits until a statement whose text contains {@code sql} waits for this lock. */
    public HeldTable awaitWaiting(DatabaseClient db, String sql) {
        awaitWaitingForALock(db, sql);
        return this;
    }

    /** Waits until a statement whose text contains {@code sql} waits for a lock, a table's or a row's. */
    public static void awaitWaitingForALock(DatabaseClient db, String sql) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> db.sql(
                        "SELECT count(*) AS waiting FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND position(:sql in query) > 0")
                .bind("sql", sql).map(row -> row.get("waiting", Long.class)).one().block() > 0);
    }

    /** Lets the held queries go on. */
    public void release() {
        if (held) {
            held = false;
            Mono.from(connection.commitTransaction()).block();
        }
    }

    @Override
    public void close() {
        release();
        Mono.from(connection.close()).block();
    }
}
