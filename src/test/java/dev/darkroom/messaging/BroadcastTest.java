package dev.darkroom.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BroadcastTest {

    private final Counter dropped = Counter.builder("dropped").register(new SimpleMeterRegistry());
    private final Broadcast<Integer> broadcast = new Broadcast<>(64, dropped, reactor.core.scheduler.Schedulers.parallel());

    @Test
    void aSlowSubscriberLosesItsOldestEventsWithoutSlowingOrEndingTheOthers() {
        List<Integer> fast = new CopyOnWriteArrayList<>();
        List<Integer> slow = new CopyOnWriteArrayList<>();
        Disposable a = broadcast.subscribe().subscribe(fast::add);
        Disposable b = broadcast.subscribe().delayElements(Duration.ofMillis(20)).subscribe(slow::add);

        // A burst of 50 at once, then a steady stream the slow subscriber cannot keep up with.
        for (int i = 0; i < 50; i++) {
            broadcast.emit(i);
        }
        for (int i = 50; i < 400; i++) {
            broadcast.emit(i);
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> fast.size() == 400);
        assertThat(fast).as("every event, in order").isSorted().hasSize(400);
        await().atMost(Duration.ofSeconds(30)).until(() -> slow.contains(399));
        assertThat(slow).as("what it had taken, then the newest events, in order").isSorted().hasSizeLessThan(400)
                .startsWith(0, 1, 2);
        assertThat(dropped.count()).isEqualTo(400 - slow.size());

        List<Integer> later = new CopyOnWriteArrayList<>();
        Disposable c = broadcast.subscribe().subscribe(later::add);
        broadcast.emit(400);
        await().atMost(Duration.ofSeconds(5)).until(() -> later.equals(List.of(400)) && fast.size() == 401);
        a.dispose();
        b.dispose();
        c.dispose();
        assertThat(broadcast.subscribers()).isZero();
    }

    @Test
    void emittingFromManyThreadsAtOnceNeverThrows() throws Exception {
        List<Integer> got = new CopyOnWriteArrayList<>();
        Disposable subscription = broadcast.subscribe().subscribe(got::add);
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 20_000; i++) {
                    broadcast.emit(i);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() + dropped.count() == 160_000);
        subscription.dispose();
    }
}
