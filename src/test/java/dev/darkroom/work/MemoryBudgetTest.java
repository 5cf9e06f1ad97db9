package dev.darkroom.work;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryBudgetTest {

    private static final long MB = 1L << 20;

    private final MemoryBudget budget = new MemoryBudget(100 * MB, new SimpleMeterRegistry());

    @Test
    void refusesAtOnceWorkThatCanNeverFitAndSaysByHowMuch() {
        StepVerifier.create(budget.reserve(1400 * MB, "the 10950x10950 PNG"))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(WorkFailure.class)
                        .hasMessage("the 10950x10950 PNG needs about 1.4 GB of memory, more than the 100 MB this worker "
                                + "may use for images; scale the image down, or give the worker a larger heap "
                                + "(darkroom.conversion.memory-budget, -Xmx)"))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void makesWorkThatFitsLaterWaitUntilMemoryIsGivenBack() {
        MemoryBudget.Reservation first = budget.reserve(70 * MB, "first").block();

        StepVerifier.create(budget.reserve(50 * MB, "second"))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(200))
                .then(first::release)
                .assertNext(MemoryBudget.Reservation::release)
                .verifyComplete();
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void servesWaitersInTheOrderTheyCame() {
        MemoryBudget.Reservation held = budget.reserve(90 * MB, "held").block();
        AtomicReference<String> order = new AtomicReference<>("");
        Disposable big = budget.reserve(60 * MB, "big").subscribe(r -> order.updateAndGet(o -> o + "big "));
        Disposable small = budget.reserve(10 * MB, "small").subscribe(r -> order.updateAndGet(o -> o + "small "));

        assertThat(order.get()).as("a small reservation does not overtake the one waiting before it").isEmpty();
        held.release();

        assertThat(order.get()).isEqualTo("big small ");
        big.dispose();
        small.dispose();
    }

    @Test
    void admitsInteractiveWorkBeforeTheBulkWorkWaitingAheadOfIt() {
        MemoryBudget.Reservation held = budget.reserve(90 * MB, "held").block();
        AtomicReference<String> order = new AtomicReference<>("");
        Disposable bulk = budget.reserve(50 * MB, "bulk").subscribe(r -> order.updateAndGet(o -> o + "bulk "));
        Disposable later = budget.reserve(50 * MB, "later bulk").subscribe(r -> order.updateAndGet(o -> o + "later "));
        Disposable high = budget.reserve(50 * MB, "high", Priority.high).subscribe(r -> order.updateAndGet(o -> o + "high "));

        held.release();

        assertThat(order.get()).as("the high reservation came last and is granted first").isEqualTo("high bulk ");
        bulk.dispose();
        later.dispose();
        high.dispose();
    }

    @Test
    void letsNoBulkWorkPastInteractiveWorkThatWaits() {
        MemoryBudget.Reservation held = budget.reserve(60 * MB, "held").block();
        AtomicReference<String> order = new AtomicReference<>("");
        Disposable high = budget.reserve(50 * MB, "high", Priority.high).subscribe(r -> order.updateAndGet(o -> o + "high "));
        Disposable bulk = budget.reserve(10 * MB, "small bulk").subscribe(r -> order.updateAndGet(o -> o + "bulk "));

        assertThat(order.get()).as("a small bulk reservation would fit, but high work waits ahead").isEmpty();
        held.release();

        assertThat(order.get()).isEqualTo("high bulk ");
        high.dispose();
        bulk.dispose();
    }

    @Test
    void aWaiterThatGivesUpLeavesTheLineAndHoldsNothing() {
        MemoryBudget.Reservation held = budget.reserve(90 * MB, "held").block();
        Disposable cancelled = budget.reserve(50 * MB, "cancelled").subscribe();
        AtomicReference<MemoryBudget.Reservation> next = new AtomicReference<>();
        budget.reserve(50 * MB, "next").subscribe(next::set);

        cancelled.dispose();
        assertThat(budget.waiters()).isEqualTo(1);
        held.release();

        assertThat(next.get()).as("the next waiter got the memory the cancelled one would have had").isNotNull();
        assertThat(budget.reserved()).isEqualTo(50 * MB);
    }

    @Test
    void releasingTwiceGivesBackOnce() {
        MemoryBudget.Reservation reservation = budget.reserve(40 * MB, "once").block();
        reservation.release();
        reservation.release();
        assertThat(budget.reserved()).isZero();
    }
}
