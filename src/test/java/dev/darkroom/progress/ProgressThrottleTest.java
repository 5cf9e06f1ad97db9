package dev.darkroom.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class ProgressThrottleTest {

    private final List<ProgressEvent> sent = new CopyOnWriteArrayList<>();
    private final ProgressBus bus = new ProgressBus() {
        @Override
        public void publish(ProgressEvent event) {
            sent.add(event);
        }

        @Override
        public Flux<ProgressEvent> events() {
            return Flux.empty();
        }
    };
    private final ProgressThrottle throttle = new ProgressThrottle(UUID.randomUUID(), 1, bus, Duration.ZERO,
            Duration.ofHours(1), percent -> { });

    @Test
    void sendsEachStageAtOnceAndEveryLaterReportAtThatStage() {
        throttle.stage(Stage.DOWNLOADING);
        throttle.stage(Stage.DECODING);
        throttle.report(0.1);
        throttle.stage(Stage.PROCESSING);
        throttle.report(0.5);

        assertThat(sent).extracting(ProgressEvent::stage)
                .containsExactly("downloading", "decoding", "decoding", "processing", "processing");
        assertThat(sent).extracting(ProgressEvent::progress).containsExactly(0, 0, 10, 10, 50);
        for (int i = 1; i < sent.size(); i++) {
            assertThat(sent.get(i).isAfter(sent.get(i - 1))).as("event %d follows the one before", i).isTrue();
        }
    }

    @Test
    void estimatesTheTimeLeftFromTheExpectedDurationOnceThereIsOne() {
        throttle.stage(Stage.DOWNLOADING);
        throttle.expect(Duration.ofSeconds(30));
        throttle.stage(Stage.DECODING);

        assertThat(sent.getFirst().etaSeconds()).as("nothing to estimate from yet").isNull();
        assertThat(sent.getLast().etaSeconds()).isBetween(29L, 30L);
    }

    @Test
    void withoutAMeasuredSpeedScalesTheTimeSpentByTheShareStillToDo() throws InterruptedException {
        throttle.stage(Stage.PROCESSING);
        Thread.sleep(200);
        throttle.report(0.5);

        assertThat(sent.getLast().etaSeconds()).as("about as long again as the 0.2 s so far, rounded up").isEqualTo(1L);
    }

    @Test
    void aQueuedJobCloserToTheFrontIsNews() {
        UUID id = UUID.randomUUID();
        ProgressEvent fifth = new ProgressEvent(id, ProgressEvent.QUEUED, 0, null, 1).at(Stage.QUEUED, 5L);
        ProgressEvent second = new ProgressEvent(id, ProgressEvent.QUEUED, 0, null, 1).at(Stage.QUEUED, 2L);

        assertThat(second.isAfter(fifth)).isTrue();
        assertThat(fifth.isAfter(second)).isFalse();
        assertThat(second.isAfter(second)).isFalse();
    }
}
