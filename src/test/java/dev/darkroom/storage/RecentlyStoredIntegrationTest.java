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

    @Test
    void overItsBudgetTheLeastRecentlyUsedAreReadFromTheStoreAgain() {
        SimpleMeterRegistry own = new SimpleMeterRegistry();
        RecentlyStored recent = new RecentlyStored(store, 4000, own);
        String prefix = "test/recent/" + UUID.randomUUID() + "/";
        byte[][] objects = new byte[5][];
        for (int i = 0; i < objects.length; i++) {
            objects[i] = random(900);
            recent.put(prefix + i, objects[i], "application/octet-stream").block();
        }
        assertThat(recent.keptBytes()).isLessThanOrEqualTo(4000);

        assertThat(recent.readAllBytes(prefix + 4).block()).isEqualTo(objects[4]);
        assertThat(count(own, "hit")).isEqualTo(1);
        assertThat(recent.readAllBytes(prefix + 0).block()).as("evicted, read from the store").isEqualTo(objects[0]);
        assertThat(count(own, "miss")).isEqualTo(1);

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
