package dev.darkroom.messaging;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;

/**
 * The outbox as a table of {@code (queue, item)} rows. Rows are written in the caller's
 * transaction; the relay is woken once that transaction commits (rows it could not see yet would
 * otherwise wait for its next look).
 */
final class PostgresOutbox implements Outbox {

    private final DatabaseClient db;
    private final Runnable wakeRelay;

    PostgresOutbox(DatabaseClient db, Runnable wakeRelay) {
        this.db = db;
        this.wakeRelay = wakeRelay;
    }

    @Override
    public Mono<Void> enqueue(WorkQueue queue, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("INSERT INTO outbox (queue, item) SELECT :queue, item FROM unnest(CAST(:items AS uuid[])) AS item")
                .bind("queue", queue.name())
                .bind("items", ids.toArray(UUID[]::new))
                .then()
                .then(afterCommit(wakeRelay));
    }

    private static Mono<Void> afterCommit(Runnable action) {
        return TransactionSynchronizationManager.forCurrentTransaction()
                .flatMap(transaction -> {
                    if (!transaction.isSynchronizationActive()) {
                        return Mono.fromRunnable(action);
                    }
                    transaction.registerSynchronization(new TransactionSynchronization() {
                        @Override
                        public Mono<Void> afterCommit() {
                            return Mono.fromRunnable(action);
                        }
                    });
                    return Mono.<Void>empty();
                })
                // Outside any transaction the row is committed already.
                .onErrorResume(org.springframework.transaction.NoTransactionException.class, e -> Mono.fromRunnable(action))
                .then();
    }

    record Row(long id, String queue, UUID item) { }

    /** Claims the oldest rows for these queues, skipping any another relay holds. */
    Mono<List<Row>> claim(List<String> queues, int limit) {
        return db.sql("SELECT id, queue, item FROM outbox WHERE queue = ANY(:queues) ORDER BY id LIMIT :limit "
                        + "FOR UPDATE SKIP LOCKED")
                .bind("queues", queues.toArray(String[]::new))
                .bind("limit", limit)
                .map(row -> new Row(row.get("id", Long.class), row.get("queue", String.class), row.get("item", UUID.class)))
                .all()
                .collectList();
    }

    Mono<Void> delete(List<Row> rows) {
        return db.sql("DELETE FROM outbox WHERE id = ANY(:ids)")
                .bind("ids", rows.stream().map(Row::id).toArray(Long[]::new))
                .then();
    }

    /** Rows not yet published, for metrics. */
    Mono<Long> pending() {
        return db.sql("SELECT count(*) AS n FROM outbox").map(row -> row.get("n", Long.class)).one();
    }
}
