package dev.darkroom.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.support.Api;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.TestImages;
import tools.jackson.databind.JsonNode;

/**
 * What this instance has just stored is read back from memory (issue 9: every processed photo
 * used to cost a GET of its original from the store), always with the stored bytes, and never
 * once deleted.
 */
@IntegrationTest
class RecentlyStoredIntegrationTest {

    @Autowired
    ImageStore store;

    @Autowired
    MeterRegistry metrics;

    @Autowired
    WebTestClient client;

    @Test
    void aProcessedPhotoIsReadFromMemoryNotFromTheStore() {
        double hits = count(metrics, "hit");
        UUID id = new Api(client).uploadId("coffee.jpg", TestImages.photo("coffee.jpg"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> "completed".equals(
                client.get().uri("/api/images/{id}", id).exchange().expectBody(JsonNode.class).returnResult()
                        .getResponseBody().get("status").asString()));
        assertThat(count(metrics, "hit")).as("the processor's read of the original").isGreaterThan(hits);
    }

    @Test
    void aDeletedObjectIsNotReadFromMemory() {
        String key = "test/recent/" + UUID.randomUUID();
        byte[] bytes = random(1000);
        store.put(key, bytes, "application/octet-stream").block();
        assertThat(store.readAllBytes(key).block()).isEqualTo(bytes);

        store.delete(key).block();
        assertThatThrownBy(() -> store.readAllBytes(key).block()).isInstanceOf(ObjectNotFoundException.class);
    }

    /**
     * A bulk upload runs ahead of its processing, which reads the originals in the order they
     * came. Evicting the least recently used kept the newest uploads and threw out the ones about
     * to be read: every read missed.
     */
    @Test
    void uploadsReadInTheOrderTheyCameAreReadFromMemoryAsFarAsTheBudgetGoes() {
        SimpleMeterRegistry own = new SimpleMeterRegistry();
        RecentlyStored recent = new RecentlyStored(store, 4000, own);
        String prefix = "test/recent/" + UUID.randomUUID() + "/";
        byte[][] objects = new byte[16][];
        // Eight uploads in before the first is processed; then one more comes in per photo processed.
        for (int i = 0; i < 8; i++) {
            objects[i] = random(900);
            recent.put(prefix + i, objects[i], "application/octet-stream").block();
        }
        for (int i = 0; i < objects.length; i++) {
            assertThat(recent.readAllBytes(prefix + i).block()).isEqualTo(objects[i]);
            if (i + 8 < objects.length) {
                objects[i + 8] = random(900);
                recent.put(prefix + (i + 8), objects[i + 8], "application/octet-stream").block();
            }
            assertThat(recent.keptBytes()).isLessThanOrEqualTo(4000);
        }
        // Evicting the least recently used, this was 4 and 12: no read found its photo until the uploads stopped.
        assertThat(count(own, "hit")).as("reads from memory").isEqualTo(8);
        assertThat(count(own, "miss")).as("reads from the store").isEqualTo(8);
    }

    @Test
    void objectsAlreadyReadMakeRoomFirstLeastRecentlyUsedFirst() {
        SimpleMeterRegistry own = new SimpleMeterRegistry();
        RecentlyStored recent = new RecentlyStored(store, 4000, own);
        String prefix = "test/recent/" + UUID.randomUUID() + "/";
        for (int i = 0; i < 4; i++) {
            recent.put(prefix + i, random(900), "application/octet-stream").block();
        }
        recent.readAllBytes(prefix + 1).block();
        recent.readAllBytes(prefix + 0).block();
        recent.put(prefix + 4, random(900), "application/octet-stream").block();
        recent.put(prefix + 5, random(900), "application/octet-stream").block();
        recent.put(prefix + 6, random(900), "application/octet-stream").block();

        for (int i : new int[] {2, 3, 4, 5}) {
            recent.readAllBytes(prefix + i).block();
        }
        assertThat(count(own, "hit")).as("two reads, then the four not yet read").isEqualTo(6);
        recent.readAllBytes(prefix + 0).block();
        recent.readAllBytes(prefix + 1).block();
        recent.readAllBytes(prefix + 6).block();
        assertThat(count(own, "miss")).as("the two read before went for the new ones; the third new one found no room")
                .isEqualTo(3);
    }

    @Test
    void anObjectNobodyReadsIsGivenUpOnceItHasWaitedItsPatience() {
        SimpleMeterRegistry own = new SimpleMeterRegistry();
        long[] now = {0};
        RecentlyStored recent = new RecentlyStored(store, 4000, Duration.ofMinutes(2), () -> now[0], own);
        String prefix = "test/recent/" + UUID.randomUUID() + "/";
        for (int i = 0; i < 4; i++) {
            recent.put(prefix + i, random(900), "application/octet-stream").block();
        }
        now[0] += Duration.ofSeconds(119).toNanos();
        recent.put(prefix + "early", random(900), "application/octet-stream").block();
        now[0] += Duration.ofSeconds(2).toNanos();
        recent.put(prefix + "late", random(900), "application/octet-stream").block();

        recent.readAllBytes(prefix + "late").block();
        recent.readAllBytes(prefix + "early").block();
        recent.readAllBytes(prefix + 1).block();
        assertThat(count(own, "hit")).as("the late one, and those still waiting").isEqualTo(2);
        assertThat(count(own, "miss")).as("the one written while all waited less than their patience").isEqualTo(1);
    }

    @Test
    void anObjectThatMayNeverBeReadIsKeptOnlyWhileThereIsRoomAndGoesFirst() {
        SimpleMeterRegistry own = new SimpleMeterRegistry();
        RecentlyStored recent = new RecentlyStored(store, 4000, own);
        String prefix = "test/recent/" + UUID.randomUUID() + "/";
        recent.putMaybeRead(prefix + "thumbnail", random(900), "image/jpeg").block();
        for (int i = 0; i < 4; i++) {
            recent.put(prefix + i, random(900), "application/octet-stream").block();
        }
        for (int i = 0; i < 4; i++) {
            recent.readAllBytes(prefix + i).block();
        }
        recent.readAllBytes(prefix + "thumbnail").block();
        assertThat(count(own, "hit")).isEqualTo(4);
        assertThat(count(own, "miss")).as("the thumbnail made room for the uploads").isEqualTo(1);

        long kept = recent.keptBytes();
        byte[] large = random(2000);
        recent.put(prefix + "large", large, "application/octet-stream").block();
        assertThat(recent.keptBytes()).as("one object over a quarter of the budget would push out the rest").isEqualTo(kept);
        assertThat(recent.readAllBytes(prefix + "large").block()).isEqualTo(large);
    }

    private static double count(MeterRegistry registry, String outcome) {
        return registry.find("darkroom.storage.recent").tag("outcome", outcome).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
