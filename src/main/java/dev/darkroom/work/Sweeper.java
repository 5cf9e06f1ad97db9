package dev.darkroom.work;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.reactive.TransactionalOperator;
import dev.darkroom.messaging.Outbox;
import dev.darkroom.messaging.WorkQueue;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Finds work that nothing is doing and sets it going again; what it does is safe to repeat and
 * to run on every instance at once, because every change is a conditional UPDATE and every
 * message it sends meets an idempotent consumer.
 * <ul>
 * <li>An active item whose lease expired (its worker was killed, froze or was cut off) goes back
 * in line, or, after {@code maxAttempts}, fails saying so. It gets no new message here: the broker
 * hands a dead worker's message to another worker by itself, and a fresh copy would reset the
 * delivery count that stops a message which kills every worker. Should the message really be
 * gone, the next rule republishes it.</li>
 * <li>When the broker's queue holds fewer messages than there are items waiting (a broker that
 * lost its data, a queue replaced on upgrade), the longest-waiting items get a new message.</li>
 * </ul>
 */
public final class Sweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Sweeper.class);
    private static final int BATCH = 500;

    /**
     * @param requeued told of each item put back in line, e.g. to publish its state
     * @param failed   told of each item failed for good, with the reason
     */
    public record Target(String what, WorkTable table, WorkQueue queue, Consumer<UUID> requeued,
                         BiConsumer<UUID, String> failed) { }

    private final Outbox outbox;
    private final TransactionalOperator transaction;
    private final SweeperProperties properties;
    private final MeterRegistry metrics;
    private final List<Target> targets = new CopyOnWriteArrayList<>();
    private volatile Disposable sweeping;

    public Sweeper(List<Target> targets, Outbox outbox, TransactionalOperator transaction, SweeperProperties properties,
                   MeterRegistry metrics) {
        this.targets.addAll(targets);
        this.outbox = outbox;
        this.transaction = transaction;
        this.properties = properties;
        this.metrics = metrics;
    }

    @Override
    public void start() {
        long jitter = (long) (Math.random() * properties.interval().toMillis());
        sweeping = Flux.interval(Duration.ofMillis(jitter), properties.interval())
                .onBackpressureDrop()
                .concatMap(tick -> sweepAll())
                .subscribe();
    }

    /** One round over every table; errors (a database that is down) wait for the next round. */
    public Mono<Void> sweepAll() {
        return Flux.fromIterable(targets)
                .concatMap(target -> expiredLeases(target).then(lostMessages(target))
                        .onErrorResume(e -> {
                            log.debug("Sweeping {} failed: {}", target.what(), e.toString());
                            return Mono.empty();
                        }))
                .then();
    }

    private Mono<Void> expiredLeases(Target target) {
        WorkTable table = target.table();
        return table.expired(BATCH)
                .concatMap(expired -> {
                    if (expired.attempts() >= properties.maxAttempts()) {
                        return table.giveUp(expired.id(), expired.attempts())
                                .doOnNext(reason -> {
                                    count(target, "failed");
                                    log.warn("{} {}: {}", target.what(), expired.id(), reason);
                                    target.failed().accept(expired.id(), reason);
                                })
                                .then();
                    }
                    return table.requeue(expired.id())
                            .filter(done -> done)
                            .doOnNext(done -> {
                                count(target, "requeued");
                                log.warn("{} {}: its worker stopped responding; queued again (attempt {} of at most {})",
                                        target.what(), expired.id(), expired.attempts() + 1, properties.maxAttempts());
                                target.requeued().accept(expired.id());
                            })
                            .then();
                })
                .then()
                .as(transaction::transactional);
    }

    private Mono<Void> lostMessages(Target target) {
        return Mono.zip(target.table().waitingWithoutOutbox(), target.queue().depth())
                .flatMap(counts -> {
                    long missing = counts.getT1() - counts.getT2();
                    if (missing <= 0) {
                        return Mono.empty();
                    }
                    return target.table().takeStale(properties.republishAfter(), Math.min(missing, BATCH))
                            .collectList()
                            .flatMap(ids -> ids.isEmpty() ? Mono.<Void>empty() : outbox.enqueue(target.queue(), ids)
                                    .doOnSuccess(done -> {
                                        metrics.counter("darkroom.sweeper.republished", "queue", target.what()).increment(ids.size());
                                        log.warn("{}: {} waiting items had no message in the queue (it holds {} for {} waiting); "
                                                + "republished {}", target.what(), missing, counts.getT2(), counts.getT1(), ids.size());
                                    }))
                            .as(transaction::transactional);
                });
    }

    private void count(Target target, String outcome) {
        metrics.counter("darkroom.sweeper.expired", "queue", target.what(), "outcome", outcome).increment();
    }

    @Override
    public void stop() {
        if (sweeping != null) {
            sweeping.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return sweeping != null && !sweeping.isDisposed();
    }
}
