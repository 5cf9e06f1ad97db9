package dev.darkroom.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.support.Api;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.TestImages;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gallery over its socket and REST, against real processing: solid-colour images of known
 * hues are uploaded and awaited until completed. Each test uses hues far from the others' (more
 * than twice the tolerance apart), since all share one database.
 */
@IntegrationTest
class GalleryIntegrationTest {

    @Autowired
    WebTestClient client;

    @Autowired
    JsonMapper json;

    @LocalServerPort
    int port;

    @Test
    void aQueryAnswersTheTwentyNewestMatchesAndMoreTheNextTenWithoutRepeats() {
        Api api = new Api(client);
        List<UUID> magenta = new ArrayList<>();
        List<UUID> green = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            magenta.add(api.uploadId("magenta-" + i + ".png", solid(300)));
            if (i % 10 == 0) {
                green.add(api.uploadId("green-" + i + ".png", solid(120)));
            }
        }
        awaitCompleted(magenta);
        awaitCompleted(green);

        try (GallerySocket socket = new GallerySocket(port, json)) {
            JsonNode first = socket.query(300, 1);
            assertThat(first.path("reset").asBoolean()).isTrue();
            assertThat(first.path("hasMore").asBoolean()).isTrue();
            assertThat(first.path("hue").asInt()).isEqualTo(300);
            assertThat(first.path("tolerance").asInt()).isEqualTo(20);
            List<JsonNode> firstImages = first.path("images").valueStream().toList();
            assertThat(firstImages).hasSize(20);
            // Nothing newer than these matches, so the first page is the ten uploaded last and ten before them.
            assertThat(ids(firstImages)).containsExactlyInAnyOrderElementsOf(magenta.subList(10, 30));

            JsonNode second = socket.send(Map.of("type", "more", "queryId", 1)).page(1);
            assertThat(second.path("reset").asBoolean()).isFalse();
            List<JsonNode> secondImages = second.path("images").valueStream().toList();
            assertThat(secondImages).hasSize(10);
            assertThat(ids(secondImages)).containsExactlyInAnyOrderElementsOf(magenta.subList(0, 10));

            List<JsonNode> all = new ArrayList<>(firstImages);
            all.addAll(secondImages);
            assertThat(ids(all)).doesNotHaveDuplicates().doesNotContainAnyElementsOf(green);
            assertNewestFirst(all);
            assertThat(all).allSatisfy(image -> {
                assertThat(image.path("thumbnailUrl").asString()).isEqualTo("/api/images/" + image.path("id").asString() + "/thumbnail");
                assertThat(image.path("width").asInt()).isEqualTo(40);
                assertThat(image.path("height").asInt()).isEqualTo(40);
                assertThat(image.path("colors").valueStream().map(colour -> colour.path("hue").asInt()))
                        .anySatisfy(hue -> assertThat(GalleryImage.distance(hue, 300)).isLessThanOrEqualTo(20));
                assertThat(image.path("colors").get(0).path("hex").asString()).matches("#[0-9a-f]{6}");
            });
            client.get().uri(firstImages.getFirst().path("thumbnailUrl").asString()).exchange().expectStatus().isOk();
        }
    }

    @Test
    void aNewImageOfTheQueriedHueArrivesAsAddedWithoutANewQuery() {
        Api api = new Api(client);
        try (GallerySocket socket = new GallerySocket(port, json)) {
            socket.query(30, 1);
            UUID elsewhere = api.uploadId("green.png", solid(120));
            awaitCompleted(List.of(elsewhere));
            UUID orange = api.uploadId("orange.png", solid(30));

            // Other tests' uploads of a similar hue may complete meanwhile and rightly arrive too.
            JsonNode added = socket.await(adds(orange), java.time.Duration.ofSeconds(20));

            assertThat(added.path("image").path("id").asString()).isEqualTo(orange.toString());
            assertThat(added.path("image").path("colors").get(0).path("hue").asInt()).isBetween(25, 35);
            // Events travel in order, so the other hue's would have come first had it been sent.
            assertThat(socket.received()).noneMatch(frame -> frame.toString().contains(elsewhere.toString()));
        }
    }

    /**
     * An added image travels in its event, made from what processing had in hand, where each
     * instance used to read it back from the database: what it shows must be what a query shows.
     */
    @Test
    void anAddedImageIsExactlyWhatALaterQueryAnswers() {
        Api api = new Api(client);
        try (GallerySocket socket = new GallerySocket(port, json)) {
            socket.query(75, 1);
            UUID twoTone = api.uploadId("two-tone.png", twoTone(75, 345));

            JsonNode added = socket.await(adds(twoTone), Duration.ofSeconds(30));

            JsonNode image = added.path("image");
            assertThat(image.path("colors")).as("colours of the two hues, the larger first").hasSize(2);
            assertThat(image.path("colors").get(0).path("weight").asDouble())
                    .isGreaterThan(image.path("colors").get(1).path("weight").asDouble());
            JsonNode queried = socket.send(Map.of("type", "query", "hue", 75, "queryId", 2)).page(2).path("images")
                    .valueStream().filter(shown -> twoTone.toString().equals(shown.path("id").asString()))
                    .findFirst().orElseThrow();
            assertThat(image).isEqualTo(queried);
        }
    }

    @Autowired
    GalleryProperties galleryProperties;

    /** During a rolling deploy an older instance announces an image by its id alone; it is read here. */
    @Test
    void anAddedEventWithoutTheImageIsReadFromTheDatabase() {
        Api api = new Api(client);
        try (GallerySocket socket = new GallerySocket(port, json)) {
            socket.query(60, 1);
            UUID yellow = api.uploadId("yellow.png", twoTone(60, 345));
            JsonNode announced = socket.await(adds(yellow), Duration.ofSeconds(30));
            UUID owner = db.sql("SELECT owner_id FROM photos WHERE uuid = :id").bind("id", yellow)
                    .map(row -> row.get("owner_id", UUID.class)).one().block();

            // As an older instance sends it: its own id as the sender, no image.
            byte[] older = ("{\"kind\":\"added\",\"imageId\":\"" + yellow + "\",\"owner\":\"" + owner + "\"}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            try (com.rabbitmq.client.Connection broker = new com.rabbitmq.client.ConnectionFactory().newConnection();
                 com.rabbitmq.client.Channel channel = broker.createChannel()) {
                channel.basicPublish(galleryProperties.exchange(), "", new com.rabbitmq.client.AMQP.BasicProperties.Builder()
                        .contentType("application/json").appId("an-older-instance").build(), older);
            } catch (Exception e) {
                throw new AssertionError(e);
            }

            socket.await(adds(yellow), Duration.ofSeconds(30));
            assertThat(socket.received()).filteredOn(adds(yellow))
                    .hasSize(2).allSatisfy(frame -> assertThat(frame).isEqualTo(announced));
        }
    }

    /** Deleted while it was being processed: no gallery is told it was added. */
    @Test
    void anImageDeletedWhileProcessedIsNeverAnnounced() {
        Api api = new Api(client);
        try (GallerySocket socket = new GallerySocket(port, json)) {
            socket.query(270, 1);
            // Large enough that processing lasts well beyond the delete (here 265 ms against 62);
            // should a fast machine finish first all the same, another image is tried.
            UUID deleted = null;
            for (int attempt = 0; attempt < 3 && deleted == null; attempt++) {
                UUID large = api.uploadId("violet-large.png", solidLarge(270));
                Instant end = Instant.now().plusSeconds(30);
                while (!"processing".equals(statusOf(large))) {
                    assertThat(Instant.now()).as("image %s processing in time", large).isBefore(end);
                    sleep(Duration.ofMillis(5));
                }
                client.delete().uri("/api/images/{id}", large).exchange().expectStatus().isNoContent();
                while (!"completed".equals(statusOf(large))) {
                    assertThat(Instant.now()).as("image %s processed in time", large).isBefore(end);
                    sleep(Duration.ofMillis(50));
                }
                if (Boolean.TRUE.equals(db.sql("SELECT deleted_at < finished_at AS during FROM photos WHERE uuid = :id")
                        .bind("id", large).map(row -> row.get("during", Boolean.class)).one().block())) {
                    deleted = large;
                }
            }
            assertThat(deleted).as("an image deleted while it was processed, in three tries").isNotNull();
            UUID marker = api.uploadId("violet.png", solid(270));
            socket.await(adds(marker), Duration.ofSeconds(30));
            assertThat(socket.received()).as("frames adding the deleted image")
                    .noneMatch(adds(deleted));
        }
    }

    @Autowired
    org.springframework.r2dbc.core.DatabaseClient db;

    /** Read from the table: the API answers 404 for a deleted image. */
    private String statusOf(UUID id) {
        return db.sql("SELECT status::text AS status FROM photos WHERE uuid = :id").bind("id", id)
                .map(row -> row.get("status", String.class)).one().block();
    }

    @Autowired
    io.r2dbc.spi.ConnectionFactory connections;

    @Autowired
    GalleryEvents events;

    /**
     * A photo completed while a query's page is read is committed after the page's snapshot, so
     * the page lacks it; its {@code added} must come after the page, which resets the client's
     * list. The page is held by a lock on the colours table, and the photo announced meanwhile.
     */
    @Test
    void anImageCompletedWhileAQueryIsReadArrivesAfterItsPage() {
        Api api = new Api(client);
        UUID shown = api.uploadId("rose.png", solid(330));
        awaitCompleted(List.of(shown));
        UUID owner = db.sql("SELECT owner_id FROM photos WHERE uuid = :id").bind("id", shown)
                .map(row -> row.get("owner_id", UUID.class)).one().block();
        GalleryImage late = GalleryImage.of(UUID.randomUUID(), 320, 200,
                List.of(new dev.darkroom.operation.DominantColors.Colour(204, 61, 140, 330, 0.7, 0.5, 1.0)), Instant.now());
        try (GallerySocket socket = new GallerySocket(port, json);
             dev.darkroom.support.HeldTable colours = dev.darkroom.support.HeldTable.hold(connections, "photo_colors")) {
            socket.send(Map.of("type", "query", "hue", 330, "queryId", 1));
            colours.awaitWaiting(db, "LEAST(abs(c.hue");

            events.added(owner, late);
            sleep(Duration.ofMillis(500));
            colours.release();

            JsonNode page = socket.page(1);
            socket.await(adds(late.id()), Duration.ofSeconds(10));
            assertThat(ids(page.path("images").valueStream().toList())).contains(shown).doesNotContain(late.id());
            List<JsonNode> received = socket.received();
            assertThat(received.indexOf(page)).as("the page's place among %s", received)
                    .isLessThan(received.indexOf(received.stream().filter(adds(late.id())).findFirst().orElseThrow()));
        }
    }

    @Test
    void aDeleteFromOneGalleryLeavesEveryGalleryAndLaterQueries() {
        Api api = new Api(client);
        UUID victim = api.uploadId("cyan-1.png", solid(180));
        UUID survivor = api.uploadId("cyan-2.png", solid(180));
        awaitCompleted(List.of(victim, survivor));
        try (GallerySocket deleter = new GallerySocket(port, json); GallerySocket watcher = new GallerySocket(port, json)) {
            assertThat(ids(deleter.query(180, 1).path("images").valueStream().toList())).contains(victim, survivor);
            // The watcher looks at another hue: deletes reach every gallery all the same.
            watcher.query(0, 7);

            deleter.send(Map.of("type", "delete", "id", victim.toString()));

            assertThat(watcher.awaitType("deleted").path("id").asString()).isEqualTo(victim.toString());
            assertThat(deleter.awaitType("deleted").path("id").asString()).isEqualTo(victim.toString());
        }
        try (GallerySocket later = new GallerySocket(port, json)) {
            List<UUID> shown = ids(later.query(180, 1).path("images").valueStream().toList());
            assertThat(shown).contains(survivor).doesNotContain(victim);
        }
        client.get().uri("/api/images/{id}", victim).exchange().expectStatus().isNotFound();
    }

    @Test
    void restDeleteSoftDeletesBroadcastsAndThenAnswersNotFound() {
        Api api = new Api(client);
        UUID image = api.uploadId("blue.png", solid(240));
        awaitCompleted(List.of(image));
        try (GallerySocket socket = new GallerySocket(port, json)) {
            socket.query(240, 1);

            client.delete().uri("/api/images/{id}", image).exchange().expectStatus().isNoContent();

            assertThat(socket.awaitType("deleted").path("id").asString()).isEqualTo(image.toString());
        }
        client.get().uri("/api/images/{id}", image).exchange().expectStatus().isNotFound();
        client.get().uri("/api/images?limit=100").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.images[*].id").value(ids -> assertThat(ids.toString()).doesNotContain(image.toString()));
        client.delete().uri("/api/images/{id}", image).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("/problems/image-not-found");
    }

    @Test
    void mistakesAreAnsweredWithErrorsThatSayWhichRequest() {
        try (GallerySocket socket = new GallerySocket(port, json)) {
            socket.query(90, 3);

            JsonNode staleMore = socket.send(Map.of("type", "more", "queryId", 2)).awaitType("error");
            assertThat(staleMore.path("queryId").asLong()).isEqualTo(2);

            String unknown = UUID.randomUUID().toString();
            JsonNode badDelete = socket.send(Map.of("type", "delete", "id", unknown)).awaitType("error");
            assertThat(badDelete.path("id").asString()).isEqualTo(unknown);
            assertThat(badDelete.path("message").asString()).contains(unknown);

            // Unknown types are ignored, and the client-sent tolerance is clamped.
            socket.send(Map.of("type", "hello"));
            JsonNode wide = socket.send(Map.of("type", "query", "hue", 90, "queryId", 4, "tolerance", 500)).page(4);
            assertThat(wide.path("tolerance").asInt()).isEqualTo(90);
            assertThat(socket.received()).filteredOn(frame -> frame.path("type").asString().equals("error")).hasSize(2);
        }
    }

    /** A 40×40 image of one saturated hue, with a few grey pixels the colours must ignore. */
    static byte[] solid(int hue) {
        BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
        int rgb = Color.HSBtoRGB(hue / 360f, 0.8f, 0.85f);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 40; x++) {
                image.setRGB(x, y, x == y && x < 6 ? 0x808080 : rgb);
            }
        }
        return TestImages.encode(image, "png");
    }

    /** Seven tenths of one hue, three tenths of another, so the colours have different weights. */
    static byte[] twoTone(int hue, int other) {
        BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
        int first = Color.HSBtoRGB(hue / 360f, 0.8f, 0.85f);
        int second = Color.HSBtoRGB(other / 360f, 0.8f, 0.85f);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 40; x++) {
                image.setRGB(x, y, x < 28 ? first : second);
            }
        }
        return TestImages.encode(image, "png");
    }

    /** 5000×4000 of one hue (a PNG, so every pixel is decoded), in a few hundred kilobytes. */
    static byte[] solidLarge(int hue) {
        BufferedImage image = new BufferedImage(5000, 4000, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[5000];
        for (int x = 0; x < row.length; x++) {
            row[x] = Color.HSBtoRGB(hue / 360f, 0.7f + 0.1f * x / row.length, 0.8f);
        }
        for (int y = 0; y < 4000; y++) {
            image.setRGB(0, y, row.length, 1, row, 0, row.length);
        }
        return TestImages.encode(image, "png");
    }

    private void awaitCompleted(List<UUID> ids) {
        Instant end = Instant.now().plusSeconds(60);
        Set<UUID> left = new HashSet<>(ids);
        while (!left.isEmpty()) {
            for (UUID id : List.copyOf(left)) {
                String status = client.get().uri("/api/images/{id}", id).exchange().expectStatus().isOk()
                        .expectBody(JsonNode.class).returnResult().getResponseBody().path("status").asString();
                assertThat(status).as("status of image %s", id).isNotEqualTo("failed");
                if (status.equals("completed")) {
                    left.remove(id);
                }
            }
            if (!left.isEmpty()) {
                assertThat(Instant.now()).as("images %s processed in time", left).isBefore(end);
                sleep(Duration.ofMillis(200));
            }
        }
    }

    /** An {@code added} frame for image {@code id}. */
    private static java.util.function.Predicate<JsonNode> adds(UUID id) {
        return frame -> "added".equals(frame.path("type").asString())
                && id.toString().equals(frame.path("image").path("id").asString());
    }

    private static List<UUID> ids(List<JsonNode> images) {
        return images.stream().map(image -> UUID.fromString(image.path("id").asString())).toList();
    }

    private static void assertNewestFirst(List<JsonNode> images) {
        for (int i = 1; i < images.size(); i++) {
            Instant before = Instant.parse(images.get(i - 1).path("createdAt").asString());
            Instant after = Instant.parse(images.get(i).path("createdAt").asString());
            assertThat(after).as("image %d is not newer than the one before it", i).isBeforeOrEqualTo(before);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
