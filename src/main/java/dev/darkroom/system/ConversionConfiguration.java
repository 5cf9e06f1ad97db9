package dev.darkroom.system;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import dev.darkroom.work.Conversions;
import dev.darkroom.work.MemoryBudget;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The bounded scheduler every pixel loop runs on, and the memory budget that admits pixel work.
 * Keeping CPU work here, never on a Netty event loop or the elastic I/O pool, is what keeps the
 * API responsive while a worker is busy.
 */
@Configuration(proxyBeanMethods = false)
class ConversionConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ConversionConfiguration.class);

    @Bean(destroyMethod = "dispose")
    Scheduler conversionScheduler(ConversionProperties properties) {
        return Schedulers.newBoundedElastic(properties.effectiveThreads(), properties.queue(),
                new NicedThreads("convert", properties.nice()), 60);
    }

    /**
     * Where a pixel loop's bands run in parallel (RowBands), at the conversions' priority. Never
     * shut down: its idle workers end by themselves, and RowBands is shared by every application
     * context in the JVM (tests hold several), so no one context may stop it.
     */
    @Bean(destroyMethod = "")
    java.util.concurrent.ForkJoinPool pixelBands(ConversionProperties properties) {
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(properties.effectiveThreads(),
                new NicedThreads("bands", properties.nice()).forkJoin(), null, false);
        dev.darkroom.operation.RowBands.runOn(pool);
        return pool;
    }

    /** {@code pixelBands} is asked for so that the bands' pool is in place before any conversion runs. */
    @Bean
    Conversions conversions(Scheduler conversionScheduler, ConversionProperties properties, MeterRegistry metrics,
                            java.util.concurrent.ForkJoinPool pixelBands) {
        MemoryBudget budget = new MemoryBudget(properties.effectiveMemoryBudget(), metrics);
        log.info("Pixel work: {} threads {}, a memory budget of {} MB of the {} MB heap", properties.effectiveThreads(),
                NicedThreads.supported() ? "at nice " + properties.nice() : "at normal priority (no per-thread nice here)",
                budget.total() >> 20, Runtime.getRuntime().maxMemory() >> 20);
        return new Conversions(conversionScheduler, properties.effectiveThreads(), budget);
    }
}
