package dev.darkroom.image;

import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Where an image's newest thumbnail is stored, from {@code photo_thumbnails}. */
@Component
class ThumbnailKeys {

    private final DatabaseClient db;

    ThumbnailKeys(DatabaseClient db) {
        this.db = db;
    }

    Mono<String> latest(UUID image) {
        return db.sql("SELECT url FROM photo_thumbnails WHERE photo_uuid = :id ORDER BY created_at DESC LIMIT 1")
                .bind("id", image)
                .map(row -> row.get("url", String.class))
                .one();
    }
}
