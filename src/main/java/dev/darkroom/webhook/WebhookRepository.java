package dev.darkroom.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The webhook tables. Every route's query names the owner; the dispatcher claims due deliveries
 * with {@code FOR UPDATE SKIP LOCKED}, so instances share them and never send one twice at once.
 */
@Repository
class WebhookRepository {

    record Endpoint(UUID id, UUID owner, String url, @Nullable List<String> events, String secret, Instant createdAt) { }

    record Delivery(UUID id, UUID eventId, String eventType, UUID subjectId, Instant eventCreatedAt, UUID endpointId,
                    String url, boolean callback, String status, int attempts, @Nullable Instant nextAttemptAt,
                    @Nullable String lastError, @Nullable UUID resendOf, Instant createdAt, @Nullable Instant finishedAt) { }

    record Attempt(UUID deliveryId, int number, Instant startedAt, int durationMs, @Nullable Integer responseCode,
                   @Nullable String error, String outcome) { }

    /** A delivery taken for one attempt, with what sending it needs. */
    record Due(UUID id, UUID eventId, String eventType, UUID subjectId, Instant eventCreatedAt, @Nullable String body,
               int attempt, String url, String secret, boolean endpointGone) { }

    private static final String DELIVERY_COLUMNS = "d.id, d.event_id, d.event_type, d.subject_id, d.event_created_at, "
            + "d.endpoint_id, e.url, e.events IS NULL AS callback, d.status, d.attempts, "
            + "CASE WHEN d.status = 'pending' THEN d.next_attempt_at END AS next_attempt_at, d.last_error, d.resend_of, "
            + "d.created_at, d.finished_at";

    private final DatabaseClient db;

    WebhookRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Endpoint> insertEndpoint(UUID owner, String url, @Nullable List<String> events, String secret) {
        DatabaseClient.GenericExecuteSpec insert = db.sql("INSERT INTO webhook_endpoints (id, owner_id, url, events, secret) "
                        + "VALUES (:id, :owner, :url, :events, :secret) "
                        + "RETURNING id, owner_id, url, events, secret, created_at")
                .bind("id", UUID.randomUUID())
                .bind("owner", owner)
                .bind("url", url)
                .bind("secret", secret);
        return (events == null ? insert.bindNull("events", String[].class) : insert.bind("events", events.toArray(String[]::new)))
                .map(WebhookRepository::endpoint)
                .one();
    }

    /** The owner's registered endpoints (not the callbacks named by requests), oldest first. */
    Flux<Endpoint> endpoints(UUID owner) {
        return db.sql("SELECT id, owner_id, url, events, secret, created_at FROM webhook_endpoints "
                        + "WHERE owner_id = :owner AND events IS NOT NULL AND deleted_at IS NULL ORDER BY created_at, id")
                .bind("owner", owner)
                .map(WebhookRepository::endpoint)
                .all();
    }

    Mono<Boolean> deleteEndpoint(UUID owner, UUID id) {
        return db.sql("UPDATE webhook_endpoints SET deleted_at = now() WHERE id = :id AND owner_id = :owner "
                        + "AND events IS NOT NULL AND deleted_at IS NULL")
                .bind("id", id)
                .bind("owner", owner)
                .fetch().rowsUpdated()
                .map(rows -> rows > 0);
    }

    /**
     * The owner's deliveries, newest first; of one job, batch or photo when {@code subject} is
     * given; after {@code after} (the last of the previous page) if given.
     */
    Flux<Delivery> deliveries(UUID owner, @Nullable UUID subject, dev.darkroom.web.@Nullable PageCursor after, int limit) {
        java.util.Map<String, Object> more = new java.util.HashMap<>();
        if (subject != null) {
            more.put("subject", subject);
        }
        if (after != null) {
            more.put("afterCreated", after.createdAt().atOffset(java.time.ZoneOffset.UTC));
            more.put("afterId", after.id());
        }
        return db.sql("SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id "
                        + "WHERE d.owner_id = :owner" + (subject == null ? "" : " AND d.subject_id = :subject")
                        + (after == null ? "" : " AND (d.created_at, d.id) < (:afterCreated, :afterId)")
                        + " ORDER BY d.created_at DESC, d.id DESC LIMIT :limit")
                .bind("owner", owner)
                .bindValues(more)
                .bind("limit", limit)
                .map(WebhookRepository::delivery)
                .all();
    }

    Mono<Delivery> delivery(UUID owner, UUID id) {
        return db.sql("SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id "
                        + "WHERE d.owner_id = :owner AND d.id = :id")
                .bind("owner", owner)
                .bind("id", id)
                .map(WebhookRepository::delivery)
                .one();
    }

    Flux<Attempt> attempts(Collection<UUID> deliveries) {
        if (deliveries.isEmpty()) {
            return Flux.empty();
        }
        return db.sql("SELECT delivery_id, number, started_at, duration_ms, response_code, error, outcome FROM webhook_attempts "
                        + "WHERE delivery_id = ANY(:ids) ORDER BY delivery_id, number")
                .bind("ids", deliveries.toArray(UUID[]::new))
                .map(row -> new Attempt(row.get("delivery_id", UUID.class), row.get("number", Integer.class),
                        instant(row, "started_at"), row.get("duration_ms", Integer.class), row.get("response_code", Integer.class),
                        row.get("error", String.class), row.get("outcome", String.class)))
                .all();
    }

    /** A new delivery of the same event to the same endpoint, due now, with the same body. */
    Mono<UUID> resend(UUID owner, UUID id) {
        return db.sql("INSERT INTO webhook_deliveries (event_id, event_type, subject_id, event_created_at, endpoint_id, owner_id, "
                        + "body, resend_of) SELECT event_id, event_type, subject_id, event_created_at, endpoint_id, owner_id, body, id "
                        + "FROM webhook_deliveries WHERE id = :id AND owner_id = :owner RETURNING id")
                .bind("id", id)
                .bind("owner", owner)
                .map(row -> row.get("id", UUID.class))
                .one();
    }

    /**
     * Takes up to {@code limit} due deliveries for one attempt each. Until the attempt is recorded
     * the delivery is due again only after {@code hold}, so one whose instance died is retried.
     */
    Flux<Due> claim(int limit, Duration hold) {
        return db.sql("UPDATE webhook_deliveries d SET attempts = d.attempts + 1, "
                        + "next_attempt_at = now() + make_interval(secs => :hold) FROM webhook_endpoints e "
                        + "WHERE e.id = d.endpoint_id AND d.id IN (SELECT id FROM webhook_deliveries WHERE status = 'pending' "
                        + "AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED) "
                        + "RETURNING d.id, d.event_id, d.event_type, d.subject_id, d.event_created_at, d.body, d.attempts, "
                        + "e.url, e.secret, e.deleted_at IS NOT NULL AS gone")
                .bind("limit", limit)
                .bind("hold", (double) hold.toMillis() / 1000)
                .map(row -> new Due(row.get("id", UUID.class), row.get("event_id", UUID.class), row.get("event_type", String.class),
                        row.get("subject_id", UUID.class), instant(row, "event_created_at"), row.get("body", String.class),
                        row.get("attempts", Integer.class), row.get("url", String.class), row.get("secret", String.class),
                        Boolean.TRUE.equals(row.get("gone", Boolean.class))))
                .all();
    }

    /**
     * Deletes up to {@code limit} deliveries that ended (delivered or given up on) more than
     * {@code keep} ago, with their attempts; the number deleted. A later resend of one keeps its
     * own record and loses only its link. Instances purging at once skip each other's rows.
     */
    Mono<Long> purge(Duration keep, int limit) {
        return db.sql("WITH old AS (SELECT id FROM webhook_deliveries WHERE status <> 'pending' "
                        + "AND finished_at < now() - make_interval(secs => :keep) ORDER BY finished_at LIMIT :limit "
                        + "FOR UPDATE SKIP LOCKED), "
                        + "unlinked AS (UPDATE webhook_deliveries SET resend_of = NULL "
                        + "WHERE resend_of IN (SELECT id FROM old) AND id NOT IN (SELECT id FROM old)), "
                        + "attempts AS (DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM old)) "
                        + "DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM old)")
                .bind("keep", (double) keep.toSeconds())
                .bind("limit", limit)
                .fetch().rowsUpdated();
    }

    /** Deliveries not yet delivered or given up on, for metrics. */
    Mono<Long> pending() {
        return db.sql("SELECT count(*) AS n FROM webhook_deliveries WHERE status = 'pending'")
                .map(row -> row.get("n", Long.class)).one();
    }

    /** Keeps the body sent first, so every retry sends (and signs) the same bytes. */
    Mono<String> keepBody(UUID id, String body) {
        return db.sql("UPDATE webhook_deliveries SET body = COALESCE(body, :body) WHERE id = :id RETURNING body")
                .bind("id", id)
                .bind("body", body)
                .map(row -> row.get("body", String.class))
                .one();
    }

    /**
     * Records an attempt and what follows: {@code delivered}, {@code failed}, or {@code retrying}
     * after {@code retryIn}.
     */
    Mono<Void> record(Due due, Instant started, int durationMs, @Nullable Integer code, @Nullable String error,
                      String outcome, @Nullable Duration retryIn) {
        String status = switch (outcome) {
            case "delivered" -> "delivered";
            case "failed" -> "failed";
            default -> "pending";
        };
        DatabaseClient.GenericExecuteSpec update = db.sql("WITH attempt AS (INSERT INTO webhook_attempts (delivery_id, number, started_at, duration_ms, response_code, "
                        + "error, outcome) VALUES (:id, :number, :started, :duration, :code, :error, :outcome) "
                        + "ON CONFLICT DO NOTHING) "
                        + "UPDATE webhook_deliveries SET status = :status, last_error = :error, "
                        + "next_attempt_at = now() + make_interval(secs => :retryIn), "
                        + "finished_at = CASE WHEN :status = 'pending' THEN NULL ELSE now() END "
                        + "WHERE id = :id AND status = 'pending' AND attempts = :number")
                .bind("id", due.id())
                .bind("number", due.attempt())
                .bind("started", started.atOffset(java.time.ZoneOffset.UTC))
                .bind("duration", durationMs)
                .bind("outcome", outcome)
                .bind("status", status)
                .bind("retryIn", retryIn == null ? 0.0 : (double) retryIn.toMillis() / 1000);
        update = code == null ? update.bindNull("code", Integer.class) : update.bind("code", code);
        update = error == null ? update.bindNull("error", String.class) : update.bind("error", error);
        return update.then();
    }

    private static Endpoint endpoint(Readable row) {
        String[] events = row.get("events", String[].class);
        return new Endpoint(row.get("id", UUID.class), row.get("owner_id", UUID.class), row.get("url", String.class),
                events == null ? null : Arrays.asList(events), row.get("secret", String.class), instant(row, "created_at"));
    }

    private static Delivery delivery(Readable row) {
        return new Delivery(row.get("id", UUID.class), row.get("event_id", UUID.class), row.get("event_type", String.class),
                row.get("subject_id", UUID.class), instant(row, "event_created_at"), row.get("endpoint_id", UUID.class),
                row.get("url", String.class), Boolean.TRUE.equals(row.get("callback", Boolean.class)),
                row.get("status", String.class), row.get("attempts", Integer.class), instant(row, "next_attempt_at"),
                row.get("last_error", String.class), row.get("resend_of", UUID.class), instant(row, "created_at"),
                instant(row, "finished_at"));
    }

    private static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
