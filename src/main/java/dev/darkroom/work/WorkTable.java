package dev.darkroom.work;

import java.time.Duration;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The state machine that jobs, batches and photos share, written once as conditional UPDATEs
 * over the table of each: an item waits, becomes active under a lease, and ends done, failed or
 * (jobs and batches) cancelled. Every transition names the states it may come from, so a
 * redelivered message, a second worker, a late write or a sweeper can never move an item
 * backwards or finish it twice.
 *
 * <p>An active item holds a lease that its worker renews while it runs. An expired lease means
 * the worker is gone (killed, frozen, cut off): the item may then be taken over, and the sweeper
 * puts it back in line or, after too many attempts, fails it.
 *
 * @param table    the table, e.g. {@code jobs}
 * @param id       its key column
 * @param visible  an extra condition for rows that may be worked on, e.g. {@code deleted_at IS NULL}, or empty
 * @param waiting  the state of an item waiting for a worker
 * @param active   the state of an item a worker holds
 * @param failed   the state of an item that failed
 * @param cancelled the state of an item cancelled by its owner, or null where that cannot happen
 * @param lease    how long a worker's hold on an item lasts unless renewed
 */
public record WorkTable(DatabaseClient db, String table, String id, String visible, String waiting, String active,
                        String failed, String cancelled, Duration lease) {

    /** The same table narrowed to rows that also meet {@code condition}, e.g. one priority's line for its sweeper. */
    public WorkTable where(String condition) {
        return new WorkTable(db, table, id, visible.isEmpty() ? condition : visible + " AND " + condition, waiting, active,
                failed, cancelled, lease);
    }

    private String visibleAnd() {
        return visible.isEmpty() ? "" : visible + " AND ";
    }

    private String notEnded() {
        return "status IN ('" + waiting + "', '" + active + "')";
    }

    /**
     * Takes an item for a worker: waiting, or active under a lease that has expired, or active
     * and {@code takeover} (the broker redelivered its message: whoever held it is gone). Empty
     * when it has ended or another worker holds it. {@code alsoSet} adds assignments, e.g.
     * {@code progress = 0}; the row comes back as {@code returning} selects it.
     */
    public DatabaseClient.GenericExecuteSpec claim(UUID item, boolean takeover, String alsoSet, String returning) {
        return claim(item, takeover, alsoSet, "", returning);
    }

    /** {@link #claim(UUID, boolean, String, String)} of an item that also meets {@code alsoWhere}. */
    public DatabaseClient.GenericExecuteSpec claim(UUID item, boolean takeover, String alsoSet, String alsoWhere,
                                                   String returning) {
        return db.sql("UPDATE " + table + " SET status = '" + active + "', attempts = attempts + 1, started_at = now(), "
                        + "lease_until = now() + make_interval(secs => :lease), stage = NULL"
                        + (alsoSet.isEmpty() ? "" : ", " + alsoSet)
                        + " WHERE " + visibleAnd() + id + " = :id AND (status = '" + waiting + "' OR (status = '" + active
                        + "' AND (:takeover OR lease_until IS NULL OR lease_until < now())))"
                        + (alsoWhere.isEmpty() ? "" : " AND " + alsoWhere) + " RETURNING " + returning)
                .bind("id", item)
                .bind("takeover", takeover)
                .bind("lease", (double) lease.toMillis() / 1000);
    }

    /** Renews a running item's lease; false once it is no longer active (finished, cancelled, taken away). */
    public Mono<Boolean> renew(UUID item, String stage) {
        return db.sql("UPDATE " + table + " SET lease_until = now() + make_interval(secs => :lease)"
                        + (stage == null ? "" : ", stage = :stage")
                        + " WHERE " + id + " = :id AND status = '" + active + "'")
                .bind("id", item)
                .bind("lease", (double) lease.toMillis() / 1000)
                .bindValues(stage == null ? java.util.Map.of() : java.util.Map.of("stage", stage))
                .fetch().rowsUpdated()
                .map(rows -> rows > 0);
    }

    /** Fails an item that has not ended; false if it had. */
    public Mono<Boolean> fail(UUID item, String error) {
        return db.sql("UPDATE " + table + " SET status = '" + failed + "', error = :error, finished_at = now(), "
                        + "lease_until = NULL WHERE " + id + " = :id AND " + notEnded())
                .bind("id", item)
                .bind("error", error)
                .fetch().rowsUpdated()
                .map(rows -> rows > 0);
    }

    /**
     * Fails an item whose message the broker gave up on after {@code deliveries} deliveries,
     * saying how often it was tried and what its last worker was doing when it went (the stage it
     * last recorded). Empty if it had already ended.
     */
    public Mono<String> giveUp(UUID item, int deliveries) {
        return db.sql("UPDATE " + table + " SET status = '" + failed + "', finished_at = now(), lease_until = NULL, "
                        + "error = 'gave up after ' || GREATEST(attempts, :deliveries) || ' attempts: ' "
                        + "|| COALESCE('the worker stopped while ' || stage, 'each worker that took it stopped before it was done') "
                        + "|| ' (it may have run out of memory or been killed)' "
                        + "WHERE " + id + " = :id AND " + notEnded() + " RETURNING error")
                .bind("id", item)
                .bind("deliveries", deliveries)
                .map(row -> row.get("error", String.class))
                .one();
    }

    /** Cancels an item that has not ended; false if it had. Its worker notices at its next check. */
    public Mono<Boolean> cancel(UUID item, String reason) {
        if (cancelled == null) {
            return Mono.error(new UnsupportedOperationException(table + " cannot be cancelled"));
        }
        return db.sql("UPDATE " + table + " SET status = '" + cancelled + "', error = :reason, finished_at = now(), "
                        + "lease_until = NULL WHERE " + id + " = :id AND " + notEnded())
                .bind("id", item)
                .bind("reason", reason)
                .fetch().rowsUpdated()
                .map(rows -> rows > 0);
    }

    /** Active items whose lease expired: their worker is gone. */
    Flux<Expired> expired(int limit) {
        return db.sql("SELECT " + id + " AS id, attempts FROM " + table + " WHERE status = '" + active
                        + "' AND lease_until < now() ORDER BY lease_until LIMIT :limit FOR UPDATE SKIP LOCKED")
                .bind("limit", limit)
                .map(row -> new Expired(row.get("id", UUID.class), row.get("attempts", Integer.class)))
                .all();
    }

    record Expired(UUID id, int attempts) { }

    /** Puts an active item whose worker is gone back in line. */
    Mono<Boolean> requeue(UUID item) {
        return db.sql("UPDATE " + table + " SET status = '" + waiting + "', lease_until = NULL, queued_at = now() "
                        + "WHERE " + id + " = :id AND status = '" + active + "' AND lease_until < now()")
                .bind("id", item)
                .fetch().rowsUpdated()
                .map(rows -> rows > 0);
    }

    /**
     * Items waiting, once queued, with no message in the outbox: each should have one in the
     * broker's queue. (A photo registered by URL waits unqueued until someone asks to process it.)
     */
    Mono<Long> waitingWithoutOutbox() {
        return db.sql("SELECT count(*) AS n FROM " + table + " t WHERE " + visibleAnd() + "status = '" + waiting
                        + "' AND queued_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.item = t." + id + ")")
                .map(row -> row.get("n", Long.class))
                .one();
    }

    /** The longest-waiting items queued more than {@code after} ago, marked as queued again now. */
    Flux<UUID> takeStale(Duration after, long limit) {
        return db.sql("UPDATE " + table + " SET queued_at = now() WHERE " + id + " IN (SELECT " + id + " FROM " + table
                        + " t WHERE " + visibleAnd() + "status = '" + waiting + "' AND queued_at < now() - make_interval(secs => :after) "
                        + "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.item = t." + id + ") "
                        + "ORDER BY queued_at LIMIT :limit FOR UPDATE SKIP LOCKED) RETURNING " + id + " AS id")
                .bind("after", (double) after.toMillis() / 1000)
                .bind("limit", limit)
                .map(row -> row.get("id", UUID.class))
                .all();
    }
}
