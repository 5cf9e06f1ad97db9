package dev.darkroom.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Pixel work runs below request threads in the operating system's eyes, so a status read is not
 * queued behind conversions for a time slice (issue 9: p99 under 50 ms while both cores convert).
 */
class NicedThreadsTest {

    @Test
    void theConversionSchedulersThreadsRunAtTheConfiguredNiceAndOthersAreUntouched() throws Exception {
        assertThat(NicedThreads.supported()).as("Linux lets a thread lower its own priority").isTrue();
        int mine = NicedThreads.current().orElseThrow();

        Scheduler scheduler = new ConversionConfiguration().conversionScheduler(
                new ConversionProperties(2, 10, DataSize.ofMegabytes(0), 7));
        try {
            Integer seen = Mono.fromCallable(() -> NicedThreads.current().orElseThrow()).subscribeOn(scheduler)
                    .block(java.time.Duration.ofSeconds(10));
            // setpriority sets the value, not an increment: 7 whatever the process started at.
            assertThat(seen).isEqualTo(7);
        } finally {
            scheduler.dispose();
        }
        assertThat(NicedThreads.current().orElseThrow()).as("the caller's own priority").isEqualTo(mine);
    }

    @Test
    void niceZeroLeavesThreadsAsTheyWere() throws Exception {
        int mine = NicedThreads.current().orElseThrow();
        CompletableFuture<Integer> seen = new CompletableFuture<>();
        new NicedThreads("plain", 0).newThread(() -> seen.complete(NicedThreads.current().orElseThrow())).start();
        assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(mine);
    }

    @Test
    void aTallImagesBandsRunInParallelAtTheConversionsNiceAndAShortOnesOnTheCaller() {
        int mine = NicedThreads.current().orElseThrow();
        java.util.concurrent.ForkJoinPool bands = new ConversionConfiguration().pixelBands(
                new ConversionProperties(2, 10, DataSize.ofMegabytes(0), 7));
        try {
            java.util.Map<String, Integer> tall = new java.util.concurrent.ConcurrentHashMap<>();
            dev.darkroom.operation.RowBands.inParallel(4000, dev.darkroom.operation.Progress.NONE,
                    (from, to) -> tall.put(Thread.currentThread().getName(), NicedThreads.current().orElseThrow()));
            assertThat(tall.keySet()).allMatch(name -> name.startsWith("bands-"));
            assertThat(tall.values()).containsOnly(7);

            java.util.Map<String, Integer> isShort = new java.util.concurrent.ConcurrentHashMap<>();
            dev.darkroom.operation.RowBands.inParallel(300, dev.darkroom.operation.Progress.NONE,
                    (from, to) -> isShort.put(Thread.currentThread().getName(), NicedThreads.current().orElseThrow()));
            assertThat(isShort).containsOnly(java.util.Map.entry(Thread.currentThread().getName(), mine));
        } finally {
            dev.darkroom.operation.RowBands.runOn(java.util.concurrent.ForkJoinPool.commonPool());
            bands.shutdown();
        }
    }
}
