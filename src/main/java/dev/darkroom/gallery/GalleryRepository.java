package dev.darkroom.gallery;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Completed, not deleted images by dominant hue, newest first. Reads the photo-processor's tables
 * ({@code photos}, {@code photo_thumbnails}, {@code photo_colors}) directly, as one read model.
 */
@Repository
class GalleryRepository {

    private static final String SELECT = "SELECT p.uuid, p.created_at, t.width, t.height FROM photos p "
            // The newest thumbnail, as GET /api/images/{id}/thumbnail serves.
            + "LEFT JOIN LATERAL (SELECT width, height FROM photo_thumbnails WHERE photo_uuid = p.uuid "
            + "ORDER BY created_at DESC LIMIT 1) t ON true "
            + "WHERE p.status = 'completed' AND p.deleted_at IS NULL ";

    private final DatabaseClient db;

    GalleryRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Up to {@code limit} of the owner's matches of the hue older than {@code after} (null: from the newest). */
    Flux<GalleryImage> matching(UUID owner, int hue, int tolerance, GalleryImage after, int limit) {
        String sql = SELECT
                + "AND p.owner_id = :owner "
                + "AND EXISTS (SELECT 1 FROM photo_colors c WHERE c.photo_uuid = p.uuid AND c.saturation >= :grey "
                + "AND LEAST(abs(c.hue - :hue), 360 - abs(c.hue - :hue)) <= :tolerance) "
                + (after == null ? "" : "AND (p.created_at, p.uuid) < (:at, :id) ")
                + "ORDER BY p.created_at DESC, p.uuid DESC LIMIT :limit";
        DatabaseClient.GenericExecuteSpec query = db.sql(sql)
                .bind("owner", owner)
                .bind("grey", GalleryImage.MIN_SATURATION)
                .bind("hue", hue)
                .bind("tolerance", tolerance)
                .bind("limit", limit);
        if (after != null) {
            query = query.bind("at", after.createdAt().atOffset(ZoneOffset.UTC)).bind("id", after.id());
        }
        return withColours(query);
    }

    /** The image if it is in galleries at all: completed and not deleted. */
    Mono<GalleryImage> find(UUID id) {
        return withColours(db.sql(SELECT + "AND p.uuid = :id").bind("id", id)).next();
    }

    private record Row(UUID id, OffsetDateTime createdAt, Short width, Short height) { }

    private Flux<GalleryImage> withColours(DatabaseClient.GenericExecuteSpec query) {
        return query.map(row -> new Row(row.get("uuid", UUID.class), row.get("created_at", OffsetDateTime.class),
                        row.get("width", Short.class), row.get("height", Short.class)))
                .all()
                .collectList()
                .flatMapMany(rows -> rows.isEmpty() ? Flux.empty() : colours(rows).flatMapIterable(colours -> {
                    List<GalleryImage> images = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        images.add(new GalleryImage(row.id(), GalleryImage.thumbnailUrl(row.id()),
                                row.width() == null ? 0 : row.width(), row.height() == null ? 0 : row.height(),
                                colours.getOrDefault(row.id(), List.of()), row.createdAt().toInstant()));
                    }
                    return images;
                }));
    }

    private Mono<Map<UUID, List<GalleryImage.Colour>>> colours(List<Row> rows) {
        return db.sql("SELECT photo_uuid, red, green, blue, hue, weight FROM photo_colors "
                        + "WHERE photo_uuid = ANY(:ids) AND saturation >= :grey ORDER BY photo_uuid, rank")
                .bind("ids", rows.stream().map(Row::id).toArray(UUID[]::new))
                .bind("grey", GalleryImage.MIN_SATURATION)
                .map(row -> Map.entry(row.get("photo_uuid", UUID.class), GalleryImage.Colour.of(
                        row.get("red", Short.class), row.get("green", Short.class), row.get("blue", Short.class),
                        row.get("hue", Short.class), row.get("weight", Float.class))))
                .all()
                .<Map<UUID, List<GalleryImage.Colour>>>collect(LinkedHashMap::new, (map, entry) ->
                        map.computeIfAbsent(entry.getKey(), id -> new ArrayList<>()).add(entry.getValue()));
    }
}
