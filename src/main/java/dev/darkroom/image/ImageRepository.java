package dev.darkroom.image;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import dev.darkroom.work.SweeperProperties;
import dev.darkroom.work.WorkTable;

/** The {@code photos} table; soft-deleted rows are invisible to every query here. */
@Repository
public class ImageRepository {

    /** What {@link #map} reads; for statements of other features that return an image. */
    public static final String COLUMNS =
            "uuid, owner_id, url, status::text AS status, created_at, filename, content_type, size_bytes, width, height, "
                    + "orientation, original_key, error, sha256";

    /**
     * An owner's visible images by id or by checksum: the rows are found by that first, and only
     * then is the owner checked. With the owner's condition beside the ids, PostgreSQL may instead
     * walk the owner's whole listing index, filtering as it goes, whenever its statistics of the
     * table are missing or stale (a library that grew since it was last analysed, a server with
     * autovacuum off): measured, 66 ms for 100 ids among an owner's 20,000 photos against 0.6 ms,
     * and 19 ms against 0.2 for an upload's checksums. A bulk upload followed by polling is exactly
     * that case. MATERIALIZED keeps the lookup from being merged with the owner's condition.
     */
    static final String OWNED_BY_ID = owned("uuid = :id", COLUMNS);
    static final String OWNED_BY_IDS = owned("uuid = ANY(:ids)", COLUMNS);
    static final String OWNED_IDS = owned("uuid = ANY(:ids)", "uuid");
    private static final String OWNED_ID = owned("uuid = :id", "uuid");
    /**
     * The oldest of each if several. photos_checksum leads with the checksum for this lookup, and
     * is partial, so deleted_at is named inside too (inside the lookups by id it made PostgreSQL
     * walk photos_listing, partial on the same condition, instead of the primary key).
     */
    static final String OWNED_BY_CHECKSUMS = owned("sha256 = ANY(:sha256) AND deleted_at IS NULL",
            "DISTINCT ON (sha256) " + COLUMNS) + " ORDER BY sha256, created_at, uuid";

    private static String owned(String match, String columns) {
        return "WITH found AS MATERIALIZED (SELECT * FROM photos WHERE " + match + ") SELECT " + columns
                + " FROM found WHERE owner_id = :owner AND deleted_at IS NULL";
    }

    private final DatabaseClient db;
    private final WorkTable processing;

    ImageRepository(DatabaseClient db, SweeperProperties sweeper) {
        this.db = db;
        this.processing = new WorkTable(db, "photos", "uuid", "deleted_at IS NULL", "pending", "processing", "failed",
                null, sweeper.lease());
    }

    /** The photo-processor's state machine over this table: pending, processing, completed or failed. */
    public WorkTable processing() {
        return processing;
    }

    /** What an upload learned about one original file, for its row. */
    public record Original(UUID id, String filename, ImageFormat format, long sizeBytes, ImageHeader header, String sha256) { }

    /**
     * The rows of uploaded originals, in one statement, in the order given. created_at is a
     * microsecond apart in that order: lists go newest first by (created_at, uuid), and files of
     * one request would otherwise tie and come out in the random order of their ids.
     */
    public Flux<Image> insertUploaded(UUID owner, List<Original> originals) {
        int n = originals.size();
        UUID[] ids = new UUID[n];
        String[] names = new String[n];
        String[] types = new String[n];
        Long[] sizes = new Long[n];
        Integer[] widths = new Integer[n];
        Integer[] heights = new Integer[n];
        Short[] orientations = new Short[n];
        String[] keys = new String[n];
        String[] checksums = new String[n];
        for (int i = 0; i < n; i++) {
            Original original = originals.get(i);
            ids[i] = original.id();
            names[i] = original.filename();
            types[i] = original.format().mediaType();
            sizes[i] = original.sizeBytes();
            widths[i] = original.header().width();
            heights[i] = original.header().height();
            orientations[i] = (short) original.header().orientation();
            keys[i] = Image.originalKey(original.id());
            checksums[i] = original.sha256();
        }
        return db.sql("INSERT INTO photos (uuid, owner_id, status, filename, content_type, size_bytes, width, height, "
                        + "orientation, original_key, sha256, created_at) "
                        + "SELECT f.id, :owner, 'pending', f.name, f.type, f.size, f.width, f.height, f.orientation, f.key, "
                        + "f.sha256, now() + f.n * interval '1 microsecond' "
                        + "FROM unnest(CAST(:ids AS uuid[]), CAST(:names AS text[]), CAST(:types AS text[]), "
                        + "CAST(:sizes AS bigint[]), CAST(:widths AS integer[]), CAST(:heights AS integer[]), "
                        + "CAST(:orientations AS smallint[]), CAST(:keys AS text[]), CAST(:checksums AS text[])) "
                        + "WITH ORDINALITY AS f(id, name, type, size, width, height, orientation, key, sha256, n) "
                        + "ORDER BY f.n RETURNING " + COLUMNS)
                .bind("owner", owner)
                .bind("ids", ids)
                .bind("names", names)
                .bind("types", types)
                .bind("sizes", sizes)
                .bind("widths", widths)
                .bind("heights", heights)
                .bind("orientations", orientations)
                .bind("keys", keys)
                .bind("checksums", checksums)
                .map(ImageRepository::map)
                .all();
    }

    /**
     * The owner's visible images with these bytes (hex SHA-256), by checksum, the oldest of each
     * if several.
     */
    public Mono<java.util.Map<String, Image>> findByChecksums(UUID owner, Collection<String> sha256) {
        return db.sql(OWNED_BY_CHECKSUMS)
                .bind("owner", owner)
                .bind("sha256", sha256.toArray(String[]::new))
                .map(ImageRepository::map)
                .all()
                .collectMap(Image::sha256);
    }

    /**
     * A photo registered by URL, pending until processed; its ending is reported to
     * {@code callback} (a webhook endpoint) as well as to the owner's endpoints, when not null.
     */
    public Mono<Image> insertByUrl(UUID owner, String url, UUID callback) {
        DatabaseClient.GenericExecuteSpec insert = db.sql("INSERT INTO photos (owner_id, status, url, callback_id) "
                        + "VALUES (:owner, 'pending', :url, :callback) RETURNING " + COLUMNS)
                .bind("owner", owner)
                .bind("url", url);
        return (callback == null ? insert.bindNull("callback", UUID.class) : insert.bind("callback", callback))
                .map(ImageRepository::map)
                .one();
    }

    public Flux<Image> pending(UUID owner) {
        return db.sql("SELECT " + COLUMNS + " FROM photos WHERE owner_id = :owner AND status = 'pending' "
                        + "AND deleted_at IS NULL ORDER BY created_at, uuid")
                .bind("owner", owner)
                .map(ImageRepository::map)
                .all();
    }

    /**
     * Marks the photo as processing; empty when it has ended, is deleted, unknown, or held by
     * another worker, so a duplicate message is skipped (see {@link WorkTable#claim}).
     */
    public Mono<Image> startProcessing(UUID id, boolean takeover) {
        return processing.claim(id, takeover, "error = NULL", COLUMNS).map(ImageRepository::map).one();
    }

    /**
     * {@link #startProcessing} for a photo whose original is stored; empty too for one registered
     * by URL and not yet downloaded, which stays pending. One statement where a read and a claim
     * were two: nearly every photo has its original by the time its message arrives.
     */
    public Mono<Image> startProcessingStored(UUID id, boolean takeover) {
        return processing.claim(id, takeover, "error = NULL", "original_key IS NOT NULL", COLUMNS)
                .map(ImageRepository::map).one();
    }

    /**
     * Puts photos in line for processing, each once more: pending again if it had failed, and
     * marked queued, so that the sweeper knows a message should exist for it. Returns those that
     * were put in line (not deleted, not completed, not being processed).
     */
    public Flux<UUID> queueForProcessing(java.util.Collection<UUID> ids) {
        return db.sql("UPDATE photos SET status = 'pending', error = NULL, queued_at = now() "
                        + "WHERE uuid = ANY(:ids) AND deleted_at IS NULL AND status IN ('pending', 'failed') RETURNING uuid")
                .bind("ids", ids.toArray(UUID[]::new))
                .map(row -> row.get("uuid", UUID.class))
                .all();
    }

    /** Records the original of a photo that was registered by URL, once downloaded. */
    public Mono<Image> attachOriginal(UUID id, String filename, ImageFormat format, long sizeBytes, ImageHeader header,
                                      String sha256) {
        return withOriginal(db.sql("UPDATE photos SET filename = :filename, content_type = :type, size_bytes = :size, "
                        + "width = :width, height = :height, orientation = :orientation, original_key = :key, "
                        + "sha256 = :sha256 WHERE uuid = :id RETURNING " + COLUMNS),
                id, filename, format, sizeBytes, header, sha256);
    }

    /** Binds what an upload or a download learned about the original file. */
    private static Mono<Image> withOriginal(DatabaseClient.GenericExecuteSpec sql, UUID id, String filename,
                                            ImageFormat format, long sizeBytes, ImageHeader header, String sha256) {
        return sql
                .bind("sha256", sha256)
                .bind("id", id)
                .bind("filename", filename)
                .bind("type", format.mediaType())
                .bind("size", sizeBytes)
                .bind("width", header.width())
                .bind("height", header.height())
                .bind("orientation", (short) header.orientation())
                .bind("key", Image.originalKey(id))
                .map(ImageRepository::map)
                .one();
    }

    public Mono<Void> fail(UUID id, String error) {
        return processing.fail(id, error).then();
    }

    /**
     * Soft delete: the row and its files stay, every listing and gallery stops showing it, and its
     * jobs' results stop being served. False if the owner has no such visible image.
     */
    public Mono<Boolean> softDelete(UUID owner, UUID id) {
        // deleted_at IS NULL again outside: of two deletes at once, the second sees the first's row
        // when it is rechecked, and updates nothing.
        return db.sql("UPDATE photos SET deleted_at = now() WHERE deleted_at IS NULL AND uuid IN (" + OWNED_ID + ")")
                .bind("id", id)
                .bind("owner", owner)
                .fetch().rowsUpdated()
                .map(rows -> rows > 0);
    }

    /** Failed photos, of one owner, or of all when {@code owner} is null. */
    public Mono<Long> countFailed(UUID owner) {
        return counted("status = 'failed'", owner);
    }

    /** Visible images, of one owner, or of all when {@code owner} is null. */
    public Mono<Long> count(UUID owner) {
        return counted("deleted_at IS NULL", owner);
    }

    private Mono<Long> counted(String condition, UUID owner) {
        DatabaseClient.GenericExecuteSpec sql = db.sql("SELECT count(*) AS n FROM photos WHERE " + condition
                + (owner == null ? "" : " AND owner_id = :owner"));
        return (owner == null ? sql : sql.bind("owner", owner)).map(row -> row.get("n", Long.class)).one();
    }

    /** A visible image, whoever owns it: for workers, which act on ids from their queue. */
    public Mono<Image> find(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM photos WHERE uuid = :id AND deleted_at IS NULL")
                .bind("id", id)
                .map(ImageRepository::map)
                .one();
    }

    /** A visible image of this owner; empty for another owner's, as for one that does not exist. */
    public Mono<Image> find(UUID owner, UUID id) {
        return db.sql(OWNED_BY_ID)
                .bind("id", id)
                .bind("owner", owner)
                .map(ImageRepository::map)
                .one();
    }

    /** The owner's visible images among {@code ids}, in no particular order. */
    public Flux<Image> find(UUID owner, Collection<UUID> ids) {
        return db.sql(OWNED_BY_IDS)
                .bind("ids", ids.toArray(UUID[]::new))
                .bind("owner", owner)
                .map(ImageRepository::map)
                .all();
    }

    /** Newest first; {@code after} is the last image of the previous page, or null for the first. */
    public Flux<Image> page(UUID owner, Cursor after, int limit) {
        return page(owner, after, limit, "");
    }

    /** As {@link #page}, only images whose bytes are stored (URL photos once downloaded). */
    public Flux<Image> storedPage(UUID owner, Cursor after, int limit) {
        return page(owner, after, limit, " AND original_key IS NOT NULL");
    }

    private Flux<Image> page(UUID owner, Cursor after, int limit, String condition) {
        if (after == null) {
            return db.sql("SELECT " + COLUMNS + " FROM photos WHERE owner_id = :owner AND deleted_at IS NULL" + condition
                            + " ORDER BY created_at DESC, uuid DESC LIMIT :limit")
                    .bind("owner", owner)
                    .bind("limit", limit)
                    .map(ImageRepository::map)
                    .all();
        }
        return db.sql("SELECT " + COLUMNS + " FROM photos WHERE owner_id = :owner AND deleted_at IS NULL" + condition
                        + " AND (created_at, uuid) < (:at, :id) ORDER BY created_at DESC, uuid DESC LIMIT :limit")
                .bind("owner", owner)
                .bind("at", after.createdAt().atOffset(java.time.ZoneOffset.UTC))
                .bind("id", after.id())
                .bind("limit", limit)
                .map(ImageRepository::map)
                .all();
    }

    /** Those of {@code ids} that have a row, deleted or not. */
    public Mono<java.util.Set<UUID>> known(Collection<UUID> ids) {
        return db.sql("SELECT uuid FROM photos WHERE uuid = ANY(:ids)")
                .bind("ids", ids.toArray(UUID[]::new))
                .map(row -> row.get("uuid", UUID.class))
                .all()
                .collect(java.util.stream.Collectors.toSet());
    }

    /**
     * What a person calls each of these images: its file name, else the URL it was registered by.
     * Deleted images keep their names, so a job on one still says what it was run on.
     */
    public Mono<java.util.Map<UUID, String>> names(Collection<UUID> ids) {
        return db.sql("SELECT uuid, coalesce(filename, url) AS name FROM photos WHERE uuid = ANY(:ids)")
                .bind("ids", ids.stream().distinct().toArray(UUID[]::new))
                .map(row -> java.util.Map.entry(row.get("uuid", UUID.class), java.util.Objects.toString(row.get("name", String.class), "")))
                .all()
                .filter(entry -> !entry.getValue().isEmpty())
                .collectMap(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue);
    }

    /** Those of {@code ids} that name no visible image of this owner. */
    public Mono<List<UUID>> missing(UUID owner, Collection<UUID> ids) {
        return db.sql(OWNED_IDS)
                .bind("ids", ids.toArray(UUID[]::new))
                .bind("owner", owner)
                .map(row -> row.get("uuid", UUID.class))
                .all()
                .collectList()
                .map(found -> ids.stream().filter(id -> !found.contains(id)).distinct().toList());
    }

    public static Image map(Readable row) {
        return new Image(
                row.get("uuid", UUID.class),
                row.get("owner_id", UUID.class),
                row.get("url", String.class),
                PhotoStatus.valueOf(row.get("status", String.class)),
                instant(row.get("created_at", OffsetDateTime.class)),
                row.get("filename", String.class),
                row.get("content_type", String.class),
                row.get("size_bytes", Long.class),
                row.get("width", Integer.class),
                row.get("height", Integer.class),
                row.get("orientation", Short.class),
                row.get("original_key", String.class),
                row.get("error", String.class),
                row.get("sha256", String.class));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /** Position in the newest-first listing, exchanged with clients as an opaque token (a {@link dev.darkroom.web.PageCursor}). */
    public record Cursor(Instant createdAt, UUID id) {

        private static final String KIND = "image";

        public String encode() {
            return new dev.darkroom.web.PageCursor(createdAt, id).encode(KIND);
        }

        /** Null if the token was not made by {@link #encode}. */
        public static Cursor decode(String token) {
            dev.darkroom.web.PageCursor cursor = dev.darkroom.web.PageCursor.decode(KIND, token);
            return cursor == null ? null : new Cursor(cursor.createdAt(), cursor.id());
        }
    }
}
