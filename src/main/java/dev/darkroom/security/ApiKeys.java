package dev.darkroom.security;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@code owners}, {@code api_keys} and {@code sessions} tables. */
@Repository
class ApiKeys {

    private static final String COLUMNS = "id, owner_id, name, scopes, created_at, last_used_at";

    private final DatabaseClient db;
    private final TransactionalOperator transaction;

    ApiKeys(DatabaseClient db, TransactionalOperator transaction) {
        this.db = db;
        this.transaction = transaction;
    }

    /** A key as stored: never its secret. */
    record Key(UUID id, UUID owner, String name, Set<Scope> scopes, Instant createdAt, Instant lastUsedAt) { }

    /** A new key for an existing owner, or for a new one when {@code owner} is null; with its secret, shown once. */
    Mono<Created> create(UUID owner, String ownerName, String name, Set<Scope> scopes) {
        return create(owner, ownerName, name, scopes, Secrets.newKey());
    }

    record Created(Key key, String secret) { }

    Mono<Created> create(UUID owner, String ownerName, String name, Set<Scope> scopes, String secret) {
        UUID ownerId = owner != null ? owner : UUID.randomUUID();
        Mono<Void> newOwner = owner != null ? Mono.empty()
                : db.sql("INSERT INTO owners (id, name) VALUES (:id, :name)").bind("id", ownerId)
                        .bind("name", ownerName == null ? name : ownerName).then();
        return newOwner
                .then(db.sql("INSERT INTO api_keys (id, owner_id, name, key_hash, scopes) "
                                + "VALUES (:id, :owner, :name, :hash, :scopes) RETURNING " + COLUMNS)
                        .bind("id", UUID.randomUUID())
                        .bind("owner", ownerId)
                        .bind("name", name)
                        .bind("hash", Secrets.hash(secret))
                        .bind("scopes", scopes.stream().map(Scope::name).sorted().toArray(String[]::new))
                        .map(ApiKeys::key)
                        .one())
                .map(key -> new Created(key, secret))
                .as(transaction::transactional);
    }

    /** The live key with this secret; empty for an unknown or revoked one. */
    Mono<Key> bySecret(String secret) {
        return db.sql("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = :hash AND revoked_at IS NULL")
                .bind("hash", Secrets.hash(secret))
                .map(ApiKeys::key)
                .one();
    }

    Mono<Void> touch(UUID keyId) {
        return db.sql("UPDATE api_keys SET last_used_at = now() WHERE id = :id "
                        + "AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')")
                .bind("id", keyId).then();
    }

    Flux<Key> of(UUID owner) {
        return db.sql("SELECT " + COLUMNS + " FROM api_keys WHERE owner_id = :owner AND revoked_at IS NULL "
                        + "ORDER BY created_at, id")
                .bind("owner", owner)
                .map(ApiKeys::key)
                .all();
    }

    /** Revokes one of the owner's keys, ending its sessions; false if it has no such live key. */
    Mono<Boolean> revoke(UUID owner, UUID id) {
        return db.sql("UPDATE api_keys SET revoked_at = now() WHERE id = :id AND owner_id = :owner AND revoked_at IS NULL")
                .bind("id", id).bind("owner", owner)
                .fetch().rowsUpdated()
                .flatMap(rows -> rows == 0 ? Mono.just(false)
                        : db.sql("DELETE FROM sessions WHERE key_id = :id").bind("id", id).then().thenReturn(true))
                .as(transaction::transactional);
    }

    Mono<Boolean> anyLive() {
        return db.sql("SELECT EXISTS (SELECT 1 FROM api_keys WHERE revoked_at IS NULL) AS any")
                .map(row -> Boolean.TRUE.equals(row.get("any", Boolean.class)))
                .one();
    }

    Mono<String> ownerName(UUID owner) {
        return db.sql("SELECT name FROM owners WHERE id = :id").bind("id", owner)
                .map(row -> row.get("name", String.class)).one();
    }

    /** A browser's session for a key: its token, shown once (in the cookie). */
    Mono<String> openSession(UUID keyId, Duration ttl) {
        String token = Secrets.newToken();
        return db.sql("INSERT INTO sessions (token_hash, key_id, expires_at) "
                        + "VALUES (:hash, :key, now() + make_interval(secs => :ttl))")
                .bind("hash", Secrets.hash(token))
                .bind("key", keyId)
                .bind("ttl", (double) ttl.toSeconds())
                .then()
                .thenReturn(token);
    }

    /** The live key behind a session token; empty once expired, signed out or revoked. */
    Mono<Key> bySession(String token) {
        return db.sql("SELECT k.id, k.owner_id, k.name, k.scopes, k.created_at, k.last_used_at FROM sessions s "
                        + "JOIN api_keys k ON k.id = s.key_id WHERE s.token_hash = :hash AND s.expires_at > now() "
                        + "AND k.revoked_at IS NULL")
                .bind("hash", Secrets.hash(token))
                .map(ApiKeys::key)
                .one();
    }

    Mono<Void> closeSession(String token) {
        return db.sql("DELETE FROM sessions WHERE token_hash = :hash").bind("hash", Secrets.hash(token)).then();
    }

    private static Key key(Readable row) {
        String[] scopes = row.get("scopes", String[].class);
        return new Key(row.get("id", UUID.class), row.get("owner_id", UUID.class), row.get("name", String.class),
                Arrays.stream(scopes).map(Scope::valueOf).collect(Collectors.toUnmodifiableSet()),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("last_used_at", OffsetDateTime.class) == null ? null
                        : row.get("last_used_at", OffsetDateTime.class).toInstant());
    }
}
