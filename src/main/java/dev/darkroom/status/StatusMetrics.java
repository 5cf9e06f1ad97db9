package dev.darkroom.status;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Jobs by status, queue depths and failed photos as Prometheus gauges. A scrape must not wait on
 * the database, so the counts are refreshed in the background and the gauges read the last ones.
 */
@Component
class StatusMetrics implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StatusMetrics.class);
    static final Duration REFRESH = Duration.ofSeconds(10);

    private final StatusService status;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong running = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final java.util.Map<String, AtomicLong> queueDepths = new java.util.LinkedHashMap<>();
    private final AtomicLong failedPhotos = new AtomicLong();
    private final AtomicLong images = new AtomicLong();
    private volatile Disposable refreshing;

    StatusMetrics(StatusService status, MeterRegistry registry) {
        this.status = status;
        Gauge.builder("darkroom.jobs", queued, AtomicLong::get).tag("status", "queued")
                .description("Jobs by status").register(registry);
        Gauge.builder("darkroom.jobs", running, AtomicLong::get).tag("status", "running")
                .description("Jobs by status").register(registry);
        Gauge.builder("darkroom.jobs", failed, AtomicLong::get).tag("status", "failed")
                .description("Jobs by status").register(registry);
        for (String queue : status.queueNames()) {
            AtomicLong depth = new AtomicLong();
            queueDepths.put(queue, depth);
            Gauge.builder("darkroom.queue.depth", depth, AtomicLong::get).tag("queue", queue)
                    .description("Messages waiting in a queue").register(registry);
        }
        Gauge.builder("darkroom.photos.failed", failedPhotos, AtomicLong::get)
                .description("Photos whose processing failed").register(registry);
        Gauge.builder("darkroom.images", images, AtomicLong::get)
                .description("Stored images, not deleted").register(registry);
    }

    @Override
    public void start() {
        refreshing = Flux.interval(Duration.ZERO, REFRESH)
                .onBackpressureDrop()
                .concatMap(tick -> status.status()
                        .doOnNext(now -> {
                            queued.set(now.jobs().getOrDefault("queued", 0L));
                            running.set(now.jobs().getOrDefault("running", 0L));
                            failed.set(now.jobs().getOrDefault("failed", 0L));
                            queueDepths.forEach((queue, depth) -> depth.set(now.queueDepth().getOrDefault(queue, -1L)));
                            failedPhotos.set(now.failedPhotos());
                            images.set(now.uploadedCount());
                        })
                        .onErrorResume(e -> {
                            log.debug("Could not refresh status gauges: {}", e.toString());
                            return reactor.core.publisher.Mono.empty();
                        }))
                .subscribe();
    }

    @Override
    public void stop() {
        if (refreshing != null) {
            refreshing.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return refreshing != null && !refreshing.isDisposed();
    }
}
