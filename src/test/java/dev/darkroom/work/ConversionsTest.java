package dev.darkroom.work;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import dev.darkroom.operation.Progress;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class ConversionsTest {

    private final Scheduler scheduler = Schedulers.newBoundedElastic(2, 100, "test-convert");
    private final MemoryBudget budget = new MemoryBudget(1L << 30, new SimpleMeterRegistry());
    private final Conversions conversions = new Conversions(scheduler, 2, budget);

    @AfterEach
    void stop() {
        scheduler.dispose();
    }

    @Test
    void anOutOfMemoryErrorFailsTheWorkInsteadOfEscapingAndFreesItsMemory() {
        StepVerifier.create(conversions.run("the 10950x10950 PNG", 400L << 20, Run.unbounded("job"), () -> {
                    throw new OutOfMemoryError("Java heap space");
                }))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(WorkFailure.class)
                        .hasMessageStartingWith("the 10950x10950 PNG needed more memory than this worker had free (Java heap space)"))
                .verify(Duration.ofSeconds(5));
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void anyOtherErrorFailsTheWorkToo() {
        StepVerifier.create(conversions.run("the image", 1, Run.unbounded("job"), () -> {
                    throw new StackOverflowError();
                }))
                .expectError(WorkFailure.class)
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aPixelLoopPastItsDeadlineStopsAtItsNextProgressReport() {
        Run run = new Run("the filter job", Duration.ofMillis(100));
        Progress progress = run.guard(Progress.NONE);
        StepVerifier.create(conversions.run("the image", 1, run, () -> {
                    while (true) {
                        progress.report(0.5);
                        Thread.sleep(5);
                    }
                }))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(WorkStopped.class)
                        .hasMessage("the filter job took longer than its limit of 100 ms"))
                .verify(Duration.ofSeconds(5));
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void aCancelledRunStopsAtItsNextProgressReport() {
        Run run = Run.unbounded("the job");
        Progress progress = run.guard(Progress.NONE);
        StepVerifier.create(conversions.run("the image", 1, run, () -> {
                    for (int i = 0; ; i++) {
                        if (i == 10) {
                            run.cancel("cancelled by request");
                        }
                        progress.report(0.1);
                    }
                }))
                .expectErrorSatisfies(e -> assertThat(((WorkStopped) e).why()).isEqualTo(WorkStopped.Why.CANCELLED))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void anInteractiveStepTakesTheNextFreeThreadBeforeTheBulkStepsWaitingForOne() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
        Conversions conversions = new Conversions(scheduler, 1, budget);
        java.util.List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<reactor.core.Disposable> running = new java.util.ArrayList<>();
        running.add(conversions.compute("bulk", Run.unbounded("bulk"), () -> {
            busy.countDown();
            release.await();
            return 0;
        }).subscribe());
        assertThat(busy.await(5, java.util.concurrent.TimeUnit.SECONDS)).as("the one thread is busy").isTrue();
        for (int i = 0; i < 3; i++) {
            String name = "bulk" + i;
            running.add(conversions.compute(name, Run.unbounded(name), () -> order.add(name)).subscribe());
        }
        Run interactive = new Run("interactive", Duration.ofMinutes(1), Priority.high);
        running.add(conversions.compute("high", interactive, () -> order.add("high")).subscribe());

        release.countDown();

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> order.size() == 4);
        assertThat(order.getFirst()).as("queued last, run first").isEqualTo("high");
        running.forEach(reactor.core.Disposable::dispose);
    }
}
