package dev.darkroom.photo;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import dev.darkroom.image.Image;
import dev.darkroom.image.ImageRepository;
import dev.darkroom.operation.DominantColors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** What processing adds to a photo: {@code photo_thumbnails} and {@code photo_colors}. */
@Repository
public class PhotoRepository {

    private final DatabaseClient db;

    PhotoRepository(DatabaseClient db) {
        this.db = db;
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

    /**
     * A processed photo's outcome in one statement, one round trip: its thumbnail's row, its
     * colours, and status completed. Colours were once a transaction of six statements (a delete
     * and an insert per colour), and the three parts three more round trips. The ranks given are
     * written over and the ranks beyond them removed, so a redelivered photo ends with exactly its
     * new colours, and a reader never sees a mix. Empty, with the thumbnail and colours written
     * all the same, when the photo is no longer processing (another worker took it).
     */
    Mono<Completed> complete(UUID photo, Thumbnail thumbnail, List<DominantColors.Colour> colours) {
        int n = colours.size();
        Short[] rank = new Short[n];
        Short[] red = new Short[n];
        Short[] green = new Short[n];
        Short[] blue = new Short[n];
        Short[] hue = new Short[n];
        Float[] saturation = new Float[n];
        Float[] lightness = new Float[n];
        Float[] weight = new Float[n];
        for (int i = 0; i < n; i++) {
            DominantColors.Colour c = colours.get(i);
            rank[i] = (short) i;
            red[i] = (short) c.red();
            green[i] = (short) c.green();
            blue[i] = (short) c.blue();
            hue[i] = (short) c.hue();
            saturation[i] = (float) c.saturation();
            lightness[i] = (float) c.lightness();
            weight[i] = (float) c.weight();
        }
        return db.sql("WITH thumbnail AS ("
                        + " INSERT INTO photo_thumbnails (uuid, photo_uuid, width, height, url)"
                        + " VALUES (:thumbnail, :photo, :width, :height, :url)),"
                        + " written AS ("
                        + " INSERT INTO photo_colors (photo_uuid, rank, red, green, blue, hue, saturation, lightness, weight)"
                        + " SELECT :photo, * FROM unnest(:rank::smallint[], :red::smallint[], :green::smallint[],"
                        + " :blue::smallint[], :hue::smallint[], :s::real[], :l::real[], :w::real[])"
                        + " ON CONFLICT (photo_uuid, rank) DO UPDATE SET red = EXCLUDED.red, green = EXCLUDED.green,"
                        + " blue = EXCLUDED.blue, hue = EXCLUDED.hue, saturation = EXCLUDED.saturation,"
                        + " lightness = EXCLUDED.lightness, weight = EXCLUDED.weight),"
                        + " dropped AS (DELETE FROM photo_colors WHERE photo_uuid = :photo AND rank >= :count)"
                        + " UPDATE photos SET status = 'completed', error = NULL, finished_at = now(), lease_until = NULL"
                        + " WHERE uuid = :photo AND status = 'processing' RETURNING " + ImageRepository.COLUMNS
                        + ", deleted_at IS NOT NULL AS deleted")
                .bind("photo", photo)
                .bind("thumbnail", thumbnail.uuid())
                .bind("width", (short) thumbnail.width())
                .bind("height", (short) thumbnail.height())
                .bind("url", thumbnail.url())
                .bind("rank", rank)
                .bind("red", red)
                .bind("green", green)
                .bind("blue", blue)
                .bind("hue", hue)
                .bind("s", saturation)
                .bind("l", lightness)
                .bind("w", weight)
                .bind("count", (short) n)
                .map(row -> new Completed(ImageRepository.map(row), Boolean.TRUE.equals(row.get("deleted", Boolean.class))))
                .one();
    }

    /** A photo as completed; {@code deleted} if its owner deleted it while it was processed. */
    record Completed(Image image, boolean deleted) { }

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
