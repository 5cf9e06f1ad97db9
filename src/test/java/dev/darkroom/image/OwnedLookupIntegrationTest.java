package dev.darkroom.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import dev.darkroom.support.HeldTable;
import dev.darkroom.support.IntegrationTest;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Looking an owner's images up by id reads those rows, not the owner's whole library. A web app
 * following a bulk upload polls 100 ids at a time while the library grows faster than PostgreSQL
 * re-analyses it; with the owner's condition beside the ids, the planner walked the owner's
 * listing index instead (every row of the owner, filtered), here as on any server whose
 * statistics are stale.
 */
@IntegrationTest
class OwnedLookupIntegrationTest {

    private static final int LIBRARY = 20_000;

    @Autowired
    DatabaseClient db;

    @Autowired
    ImageRepository images;

    @Autowired
    ConnectionFactory connections;

    private final UUID owner = UUID.randomUUID();
    private final UUID stranger = UUID.randomUUID();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void aLargeLibrary() {
        for (UUID someone : List.of(owner, stranger)) {
            db.sql("INSERT INTO owners (id, name) VALUES (:id, 'owned lookup test')").bind("id", someone).then().block();
        }
        db.sql("INSERT INTO photos (owner_id, status, created_at, filename, sha256) SELECT :owner, 'completed', "
                        + "now() - make_interval(secs => i), 'p' || i || '.jpg', md5(i::text) FROM generate_series(1, :n) i")
                .bind("owner", owner).bind("n", LIBRARY).then().block();
        db.sql("INSERT INTO photos (owner_id, status, filename, sha256) VALUES (:owner, 'completed', 'theirs.jpg', 'theirs')")
                .bind("owner", stranger).then().block();
    }

    @AfterEach
    void removeIt() {
        for (UUID someone : List.of(owner, stranger)) {
            db.sql("DELETE FROM photos WHERE owner_id = :id").bind("id", someone).then().block();
            db.sql("DELETE FROM owners WHERE id = :id").bind("id", someone).then().block();
        }
    }

    @Test
    void aHundredIdsAreLookedUpByIdNotByWalkingTheOwnersLibrary() {
        List<UUID> wanted = new ArrayList<>(ids(owner, 100));
        UUID theirs = ids(stranger, 1).getFirst();
        wanted.add(theirs);

        assertThat(images.find(owner, wanted).map(Image::id).collectList().block())
                .hasSize(100).doesNotContain(theirs);
        assertThat(images.missing(owner, wanted).block()).containsExactly(theirs);
        // What the planner then chooses is its own affair (a sequential scan of a small table can
        // be the cheaper way to 100 random rows); walking the owner's listing never is.
        assertThat(plan(ImageRepository.OWNED_BY_IDS, Map.of("ids", wanted.toArray(UUID[]::new))).indexes()).doesNotContain("photos_listing", "photos_gallery");
        assertThat(plan(ImageRepository.OWNED_IDS, Map.of("ids", wanted.toArray(UUID[]::new))).indexes()).doesNotContain("photos_listing", "photos_gallery");
    }

    @Test
    void oneIdReadsOneRow() {
        UUID id = ids(owner, 1).getFirst();

        assertThat(images.find(owner, id).block()).extracting(Image::id).isEqualTo(id);
        assertThat(images.find(stranger, id).blockOptional()).isEmpty();
        assertThat(plan(ImageRepository.OWNED_BY_ID, Map.of("id", id)).rows()).isLessThanOrEqualTo(2);
    }

    @Test
    void anUploadsChecksumsFindOnlyTheOwnersCopiesAndReadNoMore() {
        // An upload's files are mostly new bytes: what matters is that finding none reads nothing.
        List<String> sums = new ArrayList<>(List.of("theirs", md5("7")));
        for (int i = 0; i < 9; i++) {
            sums.add("new-" + i);
        }

        assertThat(images.findByChecksums(owner, sums).block()).containsOnlyKeys(md5("7"));
        assertThat(plan(ImageRepository.OWNED_BY_CHECKSUMS, Map.of("sha256", sums.toArray(String[]::new))).rows())
                .isLessThanOrEqualTo(4);
    }

    private String md5(String text) {
        return db.sql("SELECT md5(:t)").bind("t", text).map(row -> row.get(0, String.class)).one().block();
    }

    @Test
    void deletingOneImageReadsOneRowAndOnlyItsOwnerCanDoIt() {
        UUID id = ids(owner, 1).getFirst();

        assertThat(images.softDelete(stranger, id).block()).isFalse();
        assertThat(images.softDelete(owner, id).block()).isTrue();
        assertThat(images.softDelete(owner, id).block()).isFalse();
        assertThat(images.find(owner, id).blockOptional()).isEmpty();
    }

    @Test
    void ofTwoDeletesAtOnceOnlyOneSucceeds() {
        UUID id = ids(owner, 1).getFirst();
        Connection first = Mono.from(connections.create()).block();
        try {
            Mono.from(first.beginTransaction()).block();
            Flux.from(first.createStatement("UPDATE photos SET deleted_at = now() WHERE uuid = $1").bind("$1", id).execute())
                    .flatMap(Result::getRowsUpdated).blockLast();
            var second = images.softDelete(owner, id).toFuture();
            HeldTable.awaitWaitingForALock(db, "UPDATE photos SET deleted_at = now() WHERE deleted_at IS NULL");
            Mono.from(first.commitTransaction()).block();

            assertThat(second.join()).isFalse();
        } finally {
            Mono.from(first.close()).block();
        }
    }

    private List<UUID> ids(UUID whose, int count) {
        return db.sql("SELECT uuid FROM photos WHERE owner_id = :owner ORDER BY created_at LIMIT :n")
                .bind("owner", whose).bind("n", count)
                .map(row -> row.get("uuid", UUID.class)).all().collectList().block();
    }

    /** Rows of photos a plan read (returned or filtered out), and the indexes it used. */
    private record Plan(long rows, List<String> indexes) { }

    /** The statement as the service runs it, by EXPLAIN ANALYZE. */
    private Plan plan(String sql, Map<String, Object> parameters) {
        var spec = db.sql("EXPLAIN (ANALYZE, FORMAT JSON) " + sql).bind("owner", owner);
        for (var parameter : parameters.entrySet()) {
            spec = spec.bind(parameter.getKey(), parameter.getValue());
        }
        String plan = spec.map(row -> row.get(0, String.class)).one().block();
        List<String> indexes = new ArrayList<>();
        long rows = walk(json.readTree(plan).get(0).get("Plan"), indexes);
        return new Plan(rows, indexes);
    }

    private static long walk(JsonNode node, List<String> indexes) {
        long rows = 0;
        if (node.has("Index Name")) {
            indexes.add(node.get("Index Name").asString());
        }
        if ("photos".equals(node.path("Relation Name").asString(""))) {
            rows += (node.path("Actual Rows").asLong() + node.path("Rows Removed by Filter").asLong()
                    + node.path("Rows Removed by Index Recheck").asLong()) * Math.max(1, node.path("Actual Loops").asLong());
        }
        for (JsonNode child : node.path("Plans")) {
            rows += walk(child, indexes);
        }
        return rows;
    }
}
