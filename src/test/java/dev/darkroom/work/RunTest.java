package dev.darkroom.work;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import dev.darkroom.operation.Progress;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunTest {

    @Test
    void workThatHangsPastItsDeadlineFailsSayingWhichLimitItBroke() {
        // Five minutes of a hung download, in virtual time.
        StepVerifier.withVirtualTime(() -> new Run("the filter job", Duration.ofMinutes(5)).within(Mono.never()))
                .expectSubscription()
                .expectNoEvent(Duration.ofMinutes(4))
                .thenAwait(Duration.ofMinutes(1))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(WorkStopped.class);
                    assertThat(e).hasMessage("the filter job took longer than its limit of 5 min");
                    assertThat(((WorkStopped) e).why()).isEqualTo(WorkStopped.Why.DEADLINE);
                })
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void workThatEndsInTimeIsUntouched() {
        StepVerifier.withVirtualTime(() -> new Run("the job", Duration.ofMinutes(5)).within(Mono.delay(Duration.ofMinutes(2)).thenReturn("done")))
                .thenAwait(Duration.ofMinutes(2))
                .expectNext("done")
                .verifyComplete();
    }

    @Test
    void aCancelledRunStopsAtItsNextProgressReportWithTheReason() {
        Run run = Run.unbounded("the job");
        Progress guarded = run.guard(Progress.NONE);
        guarded.report(0.1);

        run.cancel("cancelled by request");

        assertThat(run.stopped()).isTrue();
        assertThatThrownBy(() -> guarded.report(0.2)).isInstanceOf(WorkStopped.class).hasMessage("cancelled by request");
    }

    @Test
    void limitsAreSaidAsAPersonWould() {
        assertThat(Run.human(Duration.ofMillis(250))).isEqualTo("250 ms");
        assertThat(Run.human(Duration.ofSeconds(90))).isEqualTo("90 s");
        assertThat(Run.human(Duration.ofMinutes(20))).isEqualTo("20 min");
        assertThat(Run.human(Duration.ofHours(2))).isEqualTo("2 h");
    }
}
