package dev.darkroom.gallery;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import dev.darkroom.progress.ProgressBus;
import dev.darkroom.progress.ProgressEvent;
import dev.darkroom.support.IntegrationTest;
import reactor.core.Disposable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A burst of events, one subscriber that cannot keep up: the others get everything, the slow one
 * loses its oldest events (counted), and nothing dies; the gallery keeps serving.
 */
@IntegrationTest
class GalleryBurstIntegrationTest {

    @Autowired
    GalleryEvents events;

    @Autowired
    ProgressBus progress;

    @Autowired
    MeterRegistry metrics;

    @Autowired
    tools.jackson.databind.json.JsonMapper json;

    @LocalServerPort
    int port;

    @Test
    void aBurstOfFiftyEventsWithOneSlowSubscriberLeavesTheLiveGalleryWorking() throws Exception {
        List<UUID> fast = new CopyOnWriteArrayList<>();
        List<UUID> slow = new CopyOnWriteArrayList<>();
        Disposable a = events.events().subscribe(event -> fast.add(event.imageId()));
        Disposable b = events.events().delayElements(Duration.ofMillis(100)).subscribe(event -> slow.add(event.imageId()));
        double droppedBefore = dropped();

        // The newest events are the ones a subscriber that fell behind keeps (its buffer drops the
        // oldest), so the burst ends with the fifty a fast subscriber must see.
        for (int i = 0; i < 300; i++) {
            events.deleted(dev.darkroom.security.Caller.DEFAULT_OWNER, UUID.randomUUID());
        }
        List<UUID> burst = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            UUID id = UUID.randomUUID();
            burst.add(id);
            events.deleted(dev.darkroom.security.Caller.DEFAULT_OWNER, id);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> fast.containsAll(burst));
        await().atMost(Duration.ofSeconds(60)).until(() -> dropped() > droppedBefore);
        a.dispose();
        b.dispose();

        try (GallerySocket socket = new GallerySocket(port, json)) {
            assertThat(socket.query(0, 1).path("queryId").asInt()).as("a new gallery still works").isEqualTo(1);
        }
    }

    @Test
    void publishingProgressFromManyThreadsAtOnceNeverThrowsIntoTheWork() throws Exception {
        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                UUID job = UUID.randomUUID();
                for (int i = 0; i < 5_000; i++) {
                    try {
                        progress.publish(new ProgressEvent(job, ProgressEvent.RUNNING, i % 100, null));
                    } catch (Throwable e) {
                        thrown.add(e);
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(thrown).isEmpty();
    }

    private double dropped() {
        return metrics.find("darkroom.events.dropped").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
