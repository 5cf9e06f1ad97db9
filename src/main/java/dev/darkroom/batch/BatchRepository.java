package dev.darkroom.batch;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import dev.darkroom.work.SweeperProperties;
import dev.darkroom.work.WorkTable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code batches} table. As with jobs, every state change is a conditional UPDATE, so a
 * redelivered message or a late progress write never moves a batch backwards.
 */
@Repository
class BatchRepository {

    private static final String COLUMNS = "id, status, progress, images::text AS images, filters::text AS filters, "
            + "results::text AS results, errors::text AS errors, completed, failed, error, attempts, "
            + "created_at, started_at, finished_at";

    private final DatabaseClient db;
    private final JsonMapper json;
    private final WorkTable table;

    BatchRepository(DatabaseClient db, JsonMapper json, SweeperProperties sweeper) {
        this.db = db;
        this.json = json;
        this.table = new WorkTable(db, "batches", "id", "", "queued", "running", "failed", "cancelled", sweeper.lease());
    }

    WorkTable table() {
        return table;
    }

    /** @param callback the endpoint the batch's end goes to, beside the owner's own endpoints; or null */
    Mono<Batch> insert(UUID owner, UUID id, List<Batch.Input> images, List<Batch.Filter> filters, UUID callback) {
        DatabaseClient.GenericExecuteSpec insert = db.sql("INSERT INTO batches (id, owner_id, status, image_count, filter_count, "
                        + "images, filters, callback_id) VALUES (:id, :owner, 'queued', :imageCount, :filterCount, "
                        + "CAST(:images AS jsonb), CAST(:filters AS jsonb), :callback) "
                        + "RETURNING " + COLUMNS)
                .bind("id", id)
                .bind("owner", owner)
                .bind("imageCount", images.size())
                .bind("filterCount", filters.size())
                .bind("images", json.writeValueAsString(images))
                .bind("filters", json.writeValueAsString(filters));
        return (callback == null ? insert.bindNull("callback", UUID.class) : insert.bind("callback", callback))
                .map(this::map)
                .one();
    }

    /** A batch, whoever owns it: for workers, which act on ids from their queue. */
    Mono<Batch> find(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM batches WHERE id = :id").bind("id", id).map(this::map).one();
    }

    /** A batch of this owner; empty for another owner's, as for one that does not exist. */
    Mono<Batch> find(UUID owner, UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM batches WHERE id = :id AND owner_id = :owner")
                .bind("id", id)
                .bind("owner", owner)
                .map(this::map)
                .one();
    }

    /** 1 for the next batch to run; counts only batches still waiting, not those running. */
    Mono<Long> queuePosition(UUID id) {
        return db.sql("SELECT count(*) + 1 AS position FROM batches waiting, batches this "
                        + "WHERE this.id = :id AND waiting.status = 'queued' "
                        + "AND (waiting.created_at, waiting.id) < (this.created_at, this.id)")
                .bind("id", id)
                .map(row -> row.get("position", Long.class))
                .one();
    }

    /**
     * Empty when the batch has ended, is unknown or held by another worker: the caller then skips
     * it. A batch taken over from a worker that died starts over from nothing.
     */
    Mono<Batch> start(UUID id, boolean takeover) {
        return table.claim(id, takeover, "progress = 0, results = '[]', errors = '[]', completed = 0, failed = 0", COLUMNS)
                .map(this::map)
                .one();
    }

    Mono<Void> progress(UUID id, int progress, int completed, int failed) {
        return db.sql("UPDATE batches SET progress = :progress, completed = :completed, failed = :failed "
                        + "WHERE id = :id AND status = 'running' AND progress <= :progress")
                .bind("id", id)
                .bind("progress", progress)
                .bind("completed", completed)
                .bind("failed", failed)
                .then();
    }

    /** Records a batch that ran to its end, whether every result was made or not. */
    Mono<Boolean> finish(UUID id, BatchStatus status, List<Batch.Result> results, List<Batch.ItemError> errors,
                         String error) {
        return db.sql("UPDATE batches SET status = :status, progress = 100, results = CAST(:results AS jsonb), "
                        + "errors = CAST(:errors AS jsonb), completed = :completed, failed = :failed, "
                        + "error = :error, finished_at = now(), lease_until = NULL WHERE id = :id AND status = 'running'")
                .bind("id", id)
                .bind("status", status.name())
                .bind("results", json.writeValueAsString(results))
                .bind("errors", json.writeValueAsString(errors))
                .bind("completed", results.size())
                .bind("failed", errors.size())
                .bind("error", io.r2dbc.spi.Parameters.in(io.r2dbc.spi.R2dbcType.VARCHAR, error))
                .fetch().rowsUpdated()
                .map(rows -> rows > 0);
    }

    /** The batch as a whole failed, e.g. its inputs are gone. */
    Mono<Boolean> fail(UUID id, String error) {
        return table.fail(id, error);
    }

    private Batch map(Readable row) {
        return new Batch(
                row.get("id", UUID.class),
                BatchStatus.valueOf(row.get("status", String.class)),
                row.get("progress", Short.class),
                json.readValue(row.get("images", String.class), new TypeReference<List<Batch.Input>>() { }),
                json.readValue(row.get("filters", String.class), new TypeReference<List<Batch.Filter>>() { }),
                json.readValue(row.get("results", String.class), new TypeReference<List<Batch.Result>>() { }),
                json.readValue(row.get("errors", String.class), new TypeReference<List<Batch.ItemError>>() { }),
                row.get("completed", Integer.class),
                row.get("failed", Integer.class),
                row.get("error", String.class),
                row.get("attempts", Integer.class),
                instant(row.get("created_at", OffsetDateTime.class)),
                instant(row.get("started_at", OffsetDateTime.class)),
                instant(row.get("finished_at", OffsetDateTime.class)));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
