package dev.darkroom.job;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import dev.darkroom.work.Priority;
import dev.darkroom.work.SweeperProperties;
import dev.darkroom.work.WorkTable;

/**
 * The {@code jobs} table. State changes go through the {@link WorkTable} state machine shared
 * with photos and batches, so a redelivered message, a second worker or a late progress write
 * can never move a job backwards.
 */
@Repository
class JobRepository {

    private static final String COLUMNS = "id, owner_id, image_id, operation, params::text AS params, status, progress, error, "
            + "result_key, result_content_type, attempts, stage, (status = 'running' AND lease_until < now()) AS stalled, "
            + "coalesce(retryable, true) AS retryable, "
            + "created_at, started_at, finished_at, reused_from, result_variants::text AS result_variants, priority";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DatabaseClient db;
    private final WorkTable table;

    JobRepository(DatabaseClient db, SweeperProperties sweeper) {
        this.db = db;
        this.table = new WorkTable(db, "jobs", "id", "", "queued", "running", "failed", "cancelled", sweeper.lease());
    }

    WorkTable table() {
        return table;
    }

    /**
     * One job per image, in the order given. With {@code reuse}, a job whose image has the same
     * checksum as the input of an earlier succeeded job of this owner, with the same operation and
     * canonical parameters (jsonb equality: key order does not matter), is stored as succeeded at
     * once with that job's result; the others are queued. The earlier job's image must still be
     * there: a deleted image's results are not served, so they are not handed out again either.
     *
     * @param callback the endpoint the jobs' endings go to, beside the owner's own endpoints; or null
     */
    Flux<Job> insert(UUID owner, List<UUID> imageIds, String operation, String params, String canonicalParams, boolean reuse,
                     UUID callback, Priority priority) {
        UUID[] ids = imageIds.stream().map(image -> UUID.randomUUID()).toArray(UUID[]::new);
        // created_at a microsecond apart in request order: lists go newest first by (created_at, id), and
        // jobs of one request would otherwise tie and come out in the random order of their ids.
        DatabaseClient.GenericExecuteSpec insert = db.sql("INSERT INTO jobs (id, owner_id, image_id, operation, params, canonical_params, "
                        + "input_sha256, status, progress, result_key, result_content_type, result_variants, reused_from, started_at, "
                        + "finished_at, callback_id, created_at, priority) "
                        + "SELECT job.id, :owner, job.image_id, :operation, CAST(:params AS jsonb), CAST(:canonical AS jsonb), "
                        + "photo.sha256, CASE WHEN prior.id IS NULL THEN 'queued' ELSE 'succeeded' END, "
                        + "CASE WHEN prior.id IS NULL THEN 0 ELSE 100 END, prior.result_key, prior.result_content_type, "
                        + "prior.result_variants, prior.origin, "
                        + "CASE WHEN prior.id IS NULL THEN NULL ELSE now() END, CASE WHEN prior.id IS NULL THEN NULL ELSE now() END, :callback, "
                        + "now() + job.n * interval '1 microsecond', :priority "
                        + "FROM unnest(CAST(:ids AS uuid[]), CAST(:images AS uuid[])) WITH ORDINALITY AS job(id, image_id, n) "
                        + "LEFT JOIN photos photo ON photo.uuid = job.image_id "
                        + "LEFT JOIN LATERAL (SELECT earlier.id, COALESCE(earlier.reused_from, earlier.id) AS origin, "
                        + "earlier.result_key, earlier.result_content_type, earlier.result_variants FROM jobs earlier "
                        + "JOIN photos source ON source.uuid = earlier.image_id AND source.deleted_at IS NULL "
                        + "WHERE :reuse AND earlier.owner_id = :owner AND earlier.status = 'succeeded' "
                        + "AND earlier.input_sha256 = photo.sha256 AND earlier.operation = :operation "
                        + "AND earlier.canonical_params = CAST(:canonical AS jsonb) AND earlier.result_key IS NOT NULL "
                        + "ORDER BY earlier.finished_at DESC LIMIT 1) prior ON true "
                        + "ORDER BY job.n RETURNING " + COLUMNS)
                .bind("owner", owner)
                .bind("operation", operation)
                .bind("params", params)
                .bind("canonical", canonicalParams)
                .bind("reuse", reuse)
                .bind("priority", priority.name())
                .bind("ids", ids)
                .bind("images", imageIds.toArray(UUID[]::new));
        return (callback == null ? insert.bindNull("callback", UUID.class) : insert.bind("callback", callback))
                .map(JobRepository::map)
                .all();
    }

    /** A job, whoever owns it: for workers, which act on ids from their queue. */
    Mono<Job> find(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM jobs WHERE id = :id").bind("id", id).map(JobRepository::map).one();
    }

    /** The endpoint a job's end is reported to beside the owner's own; empty if it named no callback. */
    Mono<UUID> callbackOf(UUID id) {
        return db.sql("SELECT callback_id FROM jobs WHERE id = :id AND callback_id IS NOT NULL").bind("id", id)
                .map(row -> row.get("callback_id", UUID.class)).one();
    }

    /** A job of this owner; empty for another owner's, as for one that does not exist. */
    Mono<Job> find(UUID owner, UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM jobs WHERE id = :id AND owner_id = :owner")
                .bind("id", id)
                .bind("owner", owner)
                .map(JobRepository::map)
                .one();
    }

    Mono<Job> latest(UUID imageId, String operation) {
        return db.sql("SELECT " + COLUMNS + " FROM jobs WHERE image_id = :image AND operation = :operation "
                        + "ORDER BY created_at DESC, id DESC LIMIT 1")
                .bind("image", imageId)
                .bind("operation", operation)
                .map(JobRepository::map)
                .one();
    }

    /**
     * The owner's jobs newest first, from just after {@code after} (null for the first page), of
     * these statuses (all when empty) and this operation (any when null). Keyset paging on
     * (created_at, id), as the {@code jobs_recent} index is ordered, so a page costs the same
     * however far down it is, and jobs started meanwhile do not shift later pages.
     */
    Flux<Job> page(UUID owner, JobCursor after, List<JobStatus> statuses, String operation, int limit) {
        StringBuilder where = new StringBuilder("owner_id = :owner");
        if (after != null) {
            where.append(" AND (created_at, id) < (:at, :id)");
        }
        if (!statuses.isEmpty()) {
            where.append(" AND status = ANY(:statuses)");
        }
        if (operation != null) {
            where.append(" AND operation = :operation");
        }
        DatabaseClient.GenericExecuteSpec sql = db.sql("SELECT " + COLUMNS + " FROM jobs WHERE " + where
                        + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                .bind("owner", owner)
                .bind("limit", limit);
        if (after != null) {
            sql = sql.bind("at", after.createdAt().atOffset(java.time.ZoneOffset.UTC)).bind("id", after.id());
        }
        if (!statuses.isEmpty()) {
            sql = sql.bind("statuses", statuses.stream().map(Enum::name).toArray(String[]::new));
        }
        if (operation != null) {
            sql = sql.bind("operation", operation);
        }
        return sql.map(JobRepository::map).all();
    }

    /** Empty when the job has ended, or another worker holds it (see {@link WorkTable#claim}). */
    Mono<Job> start(UUID id, boolean takeover) {
        return table.claim(id, takeover, "progress = 0", COLUMNS).map(JobRepository::map).one();
    }

    /** A running job's progress, and the stage it is at (kept for a worker that dies mid-way). */
    Mono<Void> progress(UUID id, int progress, String stage) {
        return db.sql("UPDATE jobs SET progress = GREATEST(progress, :progress), stage = COALESCE(:stage, stage) "
                        + "WHERE id = :id AND status = 'running'")
                .bind("id", id)
                .bind("progress", progress)
                .bind("stage", io.r2dbc.spi.Parameters.in(io.r2dbc.spi.R2dbcType.VARCHAR, stage))
                .then();
    }

    Mono<Boolean> succeed(UUID id, String resultKey, String contentType, Map<String, String> variants) {
        return db.sql("UPDATE jobs SET status = 'succeeded', progress = 100, error = NULL, result_key = :key, "
                        + "result_content_type = :type, result_variants = CAST(:variants AS jsonb), finished_at = now(), "
                        + "lease_until = NULL WHERE id = :id AND status = 'running'")
                .bind("id", id)
                .bind("key", resultKey)
                .bind("type", contentType)
                .bind("variants", JSON.writeValueAsString(variants))
                .fetch().rowsUpdated()
                .map(rows -> rows > 0);
    }

    Mono<Boolean> fail(UUID id, String error, boolean retryable) {
        return db.sql("UPDATE jobs SET status = 'failed', error = :error, retryable = :retryable, finished_at = now(), "
                        + "lease_until = NULL WHERE id = :id AND status IN ('queued', 'running')")
                .bind("id", id)
                .bind("error", error)
                .bind("retryable", retryable)
                .fetch().rowsUpdated()
                .map(rows -> rows > 0);
    }

    /**
     * Where a queued job stands in its line (its priority's queue): 1 when it is next. The lines are
     * consumed side by side, so a normal job's place does not count the high jobs, which take
     * threads first but have slots of their own.
     */
    Mono<Long> position(Job job) {
        return db.sql("SELECT count(*) + 1 AS n FROM jobs q, jobs j WHERE j.id = :id AND q.status = 'queued' "
                        + "AND q.priority = j.priority AND q.line_seq < j.line_seq")
                .bind("id", job.id())
                .map(row -> row.get("n", Long.class))
                .one();
    }

    /** Jobs in this state, of one owner, or of all when {@code owner} is null. */
    Mono<Long> countByStatus(UUID owner, JobStatus status) {
        DatabaseClient.GenericExecuteSpec sql = db.sql("SELECT count(*) AS n FROM jobs WHERE status = :status"
                        + (owner == null ? "" : " AND owner_id = :owner"))
                .bind("status", status.name());
        return (owner == null ? sql : sql.bind("owner", owner)).map(row -> row.get("n", Long.class)).one();
    }

    private static Job map(Readable row) {
        return new Job(
                row.get("id", UUID.class),
                row.get("owner_id", UUID.class),
                row.get("image_id", UUID.class),
                row.get("operation", String.class),
                row.get("params", String.class),
                JobStatus.valueOf(row.get("status", String.class)),
                row.get("progress", Short.class),
                row.get("error", String.class),
                row.get("result_key", String.class),
                row.get("result_content_type", String.class),
                row.get("attempts", Integer.class),
                row.get("stage", String.class),
                Boolean.TRUE.equals(row.get("stalled", Boolean.class)),
                Boolean.TRUE.equals(row.get("retryable", Boolean.class)),
                instant(row.get("created_at", OffsetDateTime.class)),
                instant(row.get("started_at", OffsetDateTime.class)),
                instant(row.get("finished_at", OffsetDateTime.class)),
                row.get("reused_from", UUID.class),
                variants(row.get("result_variants", String.class)),
                Priority.valueOf(row.get("priority", String.class)));
    }

    private static Map<String, String> variants(String json) {
        if (json == null) {
            return Map.of();
        }
        Map<String, String> variants = new LinkedHashMap<>();
        JSON.readTree(json).properties().forEach(entry -> variants.put(entry.getKey(), entry.getValue().asString()));
        return variants;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
