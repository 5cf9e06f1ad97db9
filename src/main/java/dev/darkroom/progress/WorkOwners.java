package dev.darkroom.progress;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Who owns a piece of followed work (a job or a batch): the streams show each owner only its own.
 * Progress events do not carry their owner (most are sent by code that knows only the id), so a
 * connection following all of its owner's work asks here once per id; an owner never changes, so
 * answers are kept, up to {@link #CAPACITY} ids, the least recently used going first.
 */
@Component
class WorkOwners {

    static final int CAPACITY = 20_000;

    private final DatabaseClient db;
    private final Map<UUID, UUID> known = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, UUID> eldest) {
            return size() > CAPACITY;
        }
    });

    WorkOwners(DatabaseClient db) {
        this.db = db;
    }

    /** Empty if there is no such job or batch. */
    Mono<UUID> of(UUID work) {
        UUID owner = known.get(work);
        if (owner != null) {
            return Mono.just(owner);
        }
        return db.sql("SELECT owner_id FROM jobs WHERE id = :id UNION ALL SELECT owner_id FROM batches WHERE id = :id LIMIT 1")
                .bind("id", work)
                .map(row -> row.get("owner_id", UUID.class))
                .one()
                .doOnNext(found -> known.put(work, found));
    }

    /** Whether {@code work} exists and is {@code owner}'s. */
    Mono<Boolean> owns(UUID owner, UUID work) {
        return of(work).map(owner::equals).defaultIfEmpty(false);
    }
}
