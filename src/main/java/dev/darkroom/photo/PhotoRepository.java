package dev.darkroom.photo;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import dev.darkroom.operation.DominantColors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** What processing adds to a photo: {@code photo_thumbnails} and {@code photo_colors}. */
@Repository
public class PhotoRepository {

    private final DatabaseClient db;
    private final TransactionalOperator transaction;

    PhotoRepository(DatabaseClient db, TransactionalOperator transaction) {
        this.db = db;
        this.transaction = transaction;
    }

    Mono<Thumbnail> addThumbnail(UUID uuid, UUID photo, int width, int height, String url) {
        return db.sql("INSERT INTO photo_thumbnails (uuid, photo_uuid, width, height, url) "
                        + "VALUES (:uuid, :photo, :width, :height, :url) RETURNING *")
                .bind("uuid", uuid)
                .bind("photo", photo)
                .bind("width", (short) width)
                .bind("height", (short) height)
                .bind("url", url)
                .map(PhotoRepository::thumbnail)
                .one();
    }

    public Flux<Thumbnail> thumbnails(UUID photo) {
        return db.sql("SELECT * FROM photo_thumbnails WHERE photo_uuid = :photo ORDER BY created_at DESC, uuid")
                .bind("photo", photo)
                .map(PhotoRepository::thumbnail)
                .all();
    }

    Mono<Void> replaceColours(UUID photo, List<DominantColors.Colour> colours) {
        Mono<Void> delete = db.sql("DELETE FROM photo_colors WHERE photo_uuid = :photo").bind("photo", photo).then();
        Flux<Long> inserts = Flux.range(0, colours.size()).concatMap(rank -> {
            DominantColors.Colour c = colours.get(rank);
            return db.sql("INSERT INTO photo_colors (photo_uuid, rank, red, green, blue, hue, saturation, lightness, weight) "
                            + "VALUES (:photo, :rank, :r, :g, :b, :hue, :s, :l, :w)")
                    .bind("photo", photo)
                    .bind("rank", rank.shortValue())
                    .bind("r", (short) c.red())
                    .bind("g", (short) c.green())
                    .bind("b", (short) c.blue())
                    .bind("hue", (short) c.hue())
                    .bind("s", (float) c.saturation())
                    .bind("l", (float) c.lightness())
                    .bind("w", (float) c.weight())
                    .fetch().rowsUpdated();
        });
        return delete.thenMany(inserts).then().as(transaction::transactional);
    }

    public Flux<DominantColors.Colour> colours(UUID photo) {
        return db.sql("SELECT * FROM photo_colors WHERE photo_uuid = :photo ORDER BY rank")
                .bind("photo", photo)
                .map(row -> new DominantColors.Colour(row.get("red", Short.class), row.get("green", Short.class),
                        row.get("blue", Short.class), row.get("hue", Short.class), row.get("saturation", Float.class),
                        row.get("lightness", Float.class), row.get("weight", Float.class)))
                .all();
    }

    private static Thumbnail thumbnail(Readable row) {
        return new Thumbnail(row.get("uuid", UUID.class), row.get("photo_uuid", UUID.class),
                row.get("width", Short.class), row.get("height", Short.class), row.get("url", String.class),
                row.get("created_at", OffsetDateTime.class).toInstant());
    }
}
