package dev.darkroom.job;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The loop every queue of ours shares: take a message, let the work run and save its outcome,
 * and only then acknowledge. The work answers empty when the item has already finished (a
 * redelivery or a duplicate), which is acknowledged and counted as skipped; an error means the
 * outcome could not be saved, and the message goes back for another attempt.
 */
public final class QueueConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QueueConsumer.class);

    /** What to do with one item: its outcome saved (a value), skipped (empty), or not saved (error). */
    @FunctionalInterface
    public interface Work {
        Mono<?> process(UUID id);
    }

    private final String what;
    private final JobQueue queue;
    private final int concurrency;
    private final int prefetch;
    private final boolean enabled;
    private final Work work;
    private final Counter skipped;
    // A fresh signal per start: a Lifecycle may be started again after a stop (Spring's test
    // framework pauses and resumes cached contexts this way).
    private volatile reactor.core.publisher.Sinks.Empty<Void> stopping = reactor.core.publisher.Sinks.empty();
    private volatile Disposable consuming;
    private volatile boolean running;

    /**
     * @param what     the items' name in logs and metrics, e.g. "jobs"
     * @param enabled  false on an instance that does not run work (the API role)
     */
    public QueueConsumer(String what, JobQueue queue, int concurrency, int prefetch, boolean enabled, Work work,
                         MeterRegistry metrics) {
        this.what = what;
        this.queue = queue;
        this.concurrency = concurrency;
        this.prefetch = prefetch;
        this.enabled = enabled;
        this.work = work;
        this.skipped = Counter.builder("darkroom." + what + ".skipped")
                .description("Messages acknowledged without running, because their item had already finished")
                .register(metrics);
    }

    @Override
    public void start() {
        if (!enabled) {
            return;
        }
        running = true;
        stopping = reactor.core.publisher.Sinks.empty();
        consuming = queue.deliveries(prefetch)
                .doOnError(e -> log.warn("Consuming {} interrupted, reconnecting: {}", what, e.toString()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500)).maxBackoff(Duration.ofSeconds(10)))
                // On stop, take no more messages but let the ones in hand finish.
                .takeUntilOther(stopping.asMono())
                .flatMap(this::handle, concurrency)
                .doFinally(signal -> {
                    running = false;
                    synchronized (this) {
                        notifyAll();
                    }
                })
                .subscribe();
        log.info("Consuming {}: {} at a time, prefetch {}", what, concurrency, prefetch);
    }

    Mono<Void> handle(JobQueue.Delivery delivery) {
        UUID id = delivery.id();
        if (id == null) {
            log.warn("Dropping a message on the {} queue that names nothing", what);
            delivery.reject();
            return Mono.empty();
        }
        return work.process(id)
                .map(done -> true)
                .switchIfEmpty(Mono.fromSupplier(() -> {
                    skipped.increment();
                    log.info("{} {} has already finished (or does not exist); acknowledging {} message", what, id,
                            delivery.redelivered() ? "redelivered" : "duplicate");
                    return false;
                }))
                .doOnNext(done -> acknowledge(delivery))
                .then()
                .onErrorResume(e -> {
                    log.error("Could not record the outcome of {} {}; requeueing", what, id, e);
                    return Mono.delay(Duration.ofSeconds(1)).then(Mono.fromRunnable(delivery::requeue));
                });
    }

    /** After a stop the channel may be gone; the outcome is saved, so a redelivery is skipped. */
    private void acknowledge(JobQueue.Delivery delivery) {
        try {
            delivery.ack();
        } catch (RuntimeException e) {
            log.info("Could not acknowledge a {} message ({}); its redelivery will be skipped", what, e.toString());
        }
    }

    /**
     * Drains: the consumer is cancelled at once, and the callback runs when the work in hand has
     * finished, or when Spring's shutdown-phase timeout gives up waiting and the rest is
     * redelivered to another worker.
     */
    @Override
    public void stop(Runnable callback) {
        if (consuming == null || !running) {
            callback.run();
            return;
        }
        log.info("Stopping: taking no more {}, finishing those in hand", what);
        stopping.tryEmitEmpty();
        Thread.ofVirtual().name("drain-" + what).start(() -> {
            synchronized (this) {
                while (running) {
                    try {
                        wait(1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            callback.run();
        });
    }

    @Override
    public void stop() {
        stopping.tryEmitEmpty();
        if (consuming != null) {
            consuming.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the progress bus starts and before it stops, so final events still go out. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE / 2;
    }
}
