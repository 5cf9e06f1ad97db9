package dev.darkroom.messaging;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Moves committed outbox rows to the broker: in one transaction it claims a batch of rows
 * ({@code FOR UPDATE SKIP LOCKED}, so relays on several instances share the work), publishes
 * them with confirms, and deletes them. If the broker refuses or is away the transaction rolls
 * back and the rows wait for the next round; a crash after the broker confirmed but before the
 * delete committed publishes them twice, which the consumers' conditional updates make harmless.
 */
final class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final PostgresOutbox outbox;
    private final RabbitWorkQueues queues;
    private final TransactionalOperator transaction;
    private final MessagingProperties properties;
    private final Sinks.Many<Boolean> wake = Sinks.many().multicast().directBestEffort();
    private final AtomicLong pending = new AtomicLong();
    private volatile Disposable relaying;
    private volatile long failingSince;

    OutboxRelay(PostgresOutbox outbox, RabbitWorkQueues queues, TransactionalOperator transaction,
                MessagingProperties properties, MeterRegistry metrics) {
        this.outbox = outbox;
        this.queues = queues;
        this.transaction = transaction;
        this.properties = properties;
        Gauge.builder("darkroom.outbox.pending", pending, AtomicLong::get)
                .description("Work messages committed but not yet confirmed by the broker").register(metrics);
    }

    void wake() {
        wake.tryEmitNext(true);
    }

    @Override
    public void start() {
        relaying = Flux.merge(wake.asFlux(), Flux.interval(Duration.ZERO, properties.relayInterval()).map(tick -> false))
                .onBackpressureDrop()
                .concatMap(tick -> drain(), 1)
                .subscribe();
    }

    /** Relays batches until the outbox holds nothing for this instance's queues. */
    private Mono<Void> drain() {
        return relayBatch()
                .expand(full -> full ? relayBatch() : Mono.empty())
                .then()
                .doOnSuccess(done -> {
                    if (failingSince != 0) {
                        log.info("Outbox relay publishing again after {} s", (System.nanoTime() - failingSince) / 1_000_000_000);
                        failingSince = 0;
                    }
                })
                .onErrorResume(e -> {
                    if (failingSince == 0) {
                        failingSince = System.nanoTime();
                        log.warn("Outbox relay cannot publish ({}); the work stays in the outbox and is sent when it can be",
                                e.toString());
                    }
                    return Mono.empty();
                });
    }

    /** True when the batch was full, so more may be waiting. */
    private Mono<Boolean> relayBatch() {
        List<String> names = queues.names();
        if (names.isEmpty()) {
            return Mono.just(false);
        }
        int limit = properties.relayBatch();
        return outbox.claim(names, limit)
                .flatMap(rows -> publish(rows).then(outbox.delete(rows)).thenReturn(rows.size() == limit))
                .as(transaction::transactional)
                .defaultIfEmpty(false);
    }

    private Mono<Void> publish(List<PostgresOutbox.Row> rows) {
        Map<String, List<java.util.UUID>> byQueue = new LinkedHashMap<>();
        rows.forEach(row -> byQueue.computeIfAbsent(row.queue(), q -> new java.util.ArrayList<>()).add(row.item()));
        return Flux.fromIterable(byQueue.entrySet())
                .concatMap(entry -> queues.queue(entry.getKey()).orElseThrow().publish(entry.getValue()))
                .then();
    }

    /** Refreshes the pending-rows gauge; the sweepers call it on their round. */
    Mono<Void> measure() {
        return outbox.pending().doOnNext(pending::set).then();
    }

    @Override
    public void stop() {
        if (relaying != null) {
            relaying.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return relaying != null && !relaying.isDisposed();
    }

    /**
     * Stops before the work queues it publishes to. Spring stops a lifecycle bean's dependents
     * first, within the same phase's wait, so a relay of a lower phase would be stopped as part of
     * the work queues' phase and end that phase's wait before the consumers had drained. Rows
     * committed after it stopped are sent by another instance's relay, or this one's next start.
     */
    @Override
    public int getPhase() {
        return RabbitWorkQueues.PHASE + 50;
    }
}
