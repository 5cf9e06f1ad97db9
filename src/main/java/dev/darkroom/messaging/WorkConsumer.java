package dev.darkroom.messaging;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * The loop every queue of ours shares: take a message, let the work run and save its outcome,
 * and only then acknowledge.
 * <ul>
 * <li>The work says what became of the item (see {@link Work#process}); a dependency that fails
 * (database, store) is waited out with the message kept in hand, so an outage neither loses work
 * nor spends the message's deliveries; any other error fails the item through
 * {@link Work#fail}, so no exception, however unexpected, leaves a message or a slot held.</li>
 * <li>Stopping drains: the broker is asked for no more messages, those in hand finish and are
 * acknowledged on the still-open channel, anything that arrived meanwhile is given back
 * untouched, and only then is the channel closed.</li>
 * </ul>
 */
final class WorkConsumer {

    private static final Logger log = LoggerFactory.getLogger(WorkConsumer.class);

    /** What to do with one item. */
    @FunctionalInterface
    interface Handler {
        Mono<?> handle(UUID id, Work.Attempt attempt);
    }

    private enum Outcome { SAVED, SKIPPED, RELEASE }

    private final String what;
    private final DeliverySource source;
    private final int concurrency;
    private final Handler handler;
    private final Work work;
    private final MessageIds ids;
    private final MessagingProperties properties;
    private final Scheduler acks;
    private final Counter skipped;
    private final Counter brokenItems;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;
    private volatile Sinks.Empty<Void> stopSignal = Sinks.empty();
    private volatile Runnable onDrained;
    private volatile Disposable consuming;

    WorkConsumer(String what, DeliverySource source, int concurrency, Handler handler, Work work, MessageIds ids,
                 MessagingProperties properties, Scheduler acks, MeterRegistry metrics) {
        this.what = what;
        this.source = source;
        this.concurrency = concurrency;
        this.handler = handler;
        this.work = work;
        this.ids = ids;
        this.properties = properties;
        this.acks = acks;
        this.skipped = Counter.builder("darkroom." + what + ".skipped")
                .description("Messages acknowledged without running, because their item had already finished")
                .register(metrics);
        this.brokenItems = Counter.builder("darkroom.work.broken")
                .description("Items failed because their work broke unexpectedly (a bug or a JVM error)")
                .tag("queue", what).register(metrics);
    }

    synchronized void start() {
        if (consuming != null && !consuming.isDisposed()) {
            return;
        }
        stopping = false;
        stopSignal = Sinks.empty();
        onDrained = null;
        consuming = source.deliveries().flatMap(this::handle, concurrency).subscribe();
        log.info("Consuming {}: {} at a time", what, concurrency);
    }

    boolean isRunning() {
        return consuming != null && !consuming.isDisposed();
    }

    private Mono<Void> handle(Inbound message) {
        if (stopping) {
            return settle(message, Outcome.RELEASE);
        }
        UUID id = ids.id(message.body());
        if (id == null) {
            log.warn("Dead-lettering a message on the {} queue that names nothing", what);
            return Mono.fromRunnable(message::reject).subscribeOn(acks).then();
        }
        inFlight.incrementAndGet();
        return attempt(id, message.attempt(), 0)
                .onErrorResume(e -> broken(id, e))
                .flatMap(outcome -> settle(message, outcome))
                .doFinally(signal -> {
                    if (inFlight.decrementAndGet() == 0 && stopping) {
                        drained();
                    }
                });
    }

    private Mono<Outcome> attempt(UUID id, Work.Attempt attempt, int retries) {
        return Mono.defer(() -> handler.handle(id, attempt))
                .map(saved -> Outcome.SAVED)
                .defaultIfEmpty(Outcome.SKIPPED)
                .doOnNext(outcome -> {
                    if (outcome == Outcome.SKIPPED) {
                        skipped.increment();
                        log.info("{} {} has already finished, is running elsewhere or does not exist; acknowledging {} message",
                                what, id, attempt.redelivered() ? "redelivered" : "its");
                    }
                })
                .onErrorResume(Faults::isInfrastructure, e -> {
                    if (stopping) {
                        // Said, not silent: the drain promised to finish this one, and could not.
                        log.warn("{} {}: the {} failed while this instance stops ({}); releasing it to another worker",
                                what, id, Faults.dependency(e).orElse("dependency"), e.toString());
                        return Mono.just(Outcome.RELEASE);
                    }
                    Duration wait = backoff(retries);
                    if (retries % 10 == 0) {
                        log.warn("{} {}: the {} failed ({}); keeping the message and trying again in {} ms", what, id,
                                Faults.dependency(e).orElseThrow(), e.toString(), wait.toMillis());
                    }
                    // Tried again by this holder of the message: it may take over the item it had started.
                    Work.Attempt again = new Work.Attempt(true, attempt.failedDeliveries());
                    return Mono.delay(wait).then(Mono.defer(() -> stopping ? Mono.just(Outcome.RELEASE) : attempt(id, again, retries + 1)))
                            .or(stopSignal.asMono().then(Mono.just(Outcome.RELEASE)));
                });
    }

    /** A failure no retry mends: the item fails with a reason, and the message is done with. */
    private Mono<Outcome> broken(UUID id, Throwable e) {
        String errorId = UUID.randomUUID().toString();
        log.error("{} {} broke unexpectedly; failing it (error {})", what, id, errorId, e);
        brokenItems.increment();
        return Mono.defer(() -> work.fail(id, "an internal error stopped it (logged as " + errorId + ")"))
                .thenReturn(Outcome.SAVED)
                .onErrorResume(again -> {
                    log.error("{} {}: could not record its failure either; giving the message back", what, id, again);
                    return Mono.just(Outcome.RELEASE);
                });
    }

    private Mono<Void> settle(Inbound message, Outcome outcome) {
        Runnable settle = () -> {
            switch (outcome) {
                case SAVED, SKIPPED -> message.ack();
                case RELEASE -> message.release();
            }
        };
        return Mono.fromRunnable(settle).subscribeOn(acks)
                // The application is closing and its threads are gone: settle here, now.
                .onErrorResume(java.util.concurrent.RejectedExecutionException.class, e -> {
                    log.debug("Settling a {} message in place: {}", what, e.toString());
                    return Mono.fromRunnable(settle);
                })
                .then();
    }

    private Duration backoff(int retries) {
        long min = properties.retryMin().toMillis();
        long wait = Math.min(properties.retryMax().toMillis(), min << Math.min(retries, 20));
        return Duration.ofMillis(wait / 2 + (long) (Math.random() * wait / 2));
    }

    /**
     * Takes no more messages and calls {@code callback} once the items in hand have finished and
     * been acknowledged; Spring's shutdown-phase timeout bounds the wait, after which whatever is
     * unfinished goes back to the broker for another worker.
     */
    void stop(Runnable callback) {
        if (!isRunning()) {
            callback.run();
            return;
        }
        log.info("Stopping: taking no more {}, finishing the {} in hand", what, inFlight.get());
        onDrained = callback;
        stopping = true;
        source.pause();
        stopSignal.tryEmitEmpty();
        if (inFlight.get() == 0) {
            drained();
        }
    }

    private void drained() {
        Runnable callback;
        synchronized (this) {
            callback = onDrained;
            onDrained = null;
        }
        if (callback != null) {
            source.close().doFinally(signal -> {
                if (consuming != null) {
                    consuming.dispose();
                }
                log.info("Stopped consuming {}", what);
                callback.run();
            }).subscribe();
        }
    }

    /** What it consumes, as its log lines name it. */
    String what() {
        return what;
    }

    /** Items taken and not yet finished and acknowledged. */
    int inHand() {
        return inFlight.get();
    }

    /** Immediate: whatever is in hand goes back to the broker when the channel closes. */
    void stopNow() {
        stopping = true;
        stopSignal.tryEmitEmpty();
        source.close().block();
        if (consuming != null) {
            consuming.dispose();
        }
    }
}
