package dev.darkroom.work;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The items of one table that this instance is working on. It renews their leases while they
 * run, so that the sweeper can tell a worker that is gone from one that is busy; and it stops a
 * run whose item is no longer active (cancelled by its owner, or ended elsewhere) at its next
 * checkpoint.
 */
public final class Runs implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Runs.class);

    private final WorkTable table;
    private final Flux<UUID> cancellations;
    private final Map<UUID, Held> held = new ConcurrentHashMap<>();
    private volatile Disposable renewing;
    private volatile Disposable cancelling;

    private static final class Held {
        final Run run;
        volatile String stage;

        Held(Run run) {
            this.run = run;
        }
    }

    /** @param cancellations items cancelled on any instance, so that a run here stops at once */
    public Runs(WorkTable table, Flux<UUID> cancellations) {
        this.table = table;
        this.cancellations = cancellations;
    }

    /** Registers an item this instance has just claimed. */
    public Run start(UUID item, String what, Duration limit) {
        return start(item, what, limit, Priority.normal);
    }

    /** The same for work in {@code priority}'s line. */
    public Run start(UUID item, String what, Duration limit, Priority priority) {
        Run run = new Run(what, limit, priority);
        held.put(item, new Held(run));
        return run;
    }

    public void end(UUID item) {
        held.remove(item);
    }

    /** What the item is doing now, recorded with its next lease renewal. */
    public void stage(UUID item, String stage) {
        Held h = held.get(item);
        if (h != null) {
            h.stage = stage;
        }
    }

    public String stage(UUID item) {
        Held h = held.get(item);
        return h == null ? null : h.stage;
    }

    /** Stops the item's run, if it runs here. */
    public void cancel(UUID item, String reason) {
        Held h = held.get(item);
        if (h != null) {
            h.run.cancel(reason);
        }
    }

    public int running() {
        return held.size();
    }

    @Override
    public void start() {
        cancelling = cancellations.subscribe(item -> cancel(item, "cancelled by request"));
        Duration every = table.lease().dividedBy(3);
        renewing = Flux.interval(every, every)
                .onBackpressureDrop()
                .concatMap(tick -> Flux.fromIterable(held.entrySet())
                        .flatMap(entry -> table.renew(entry.getKey(), entry.getValue().stage)
                                .doOnNext(active -> {
                                    if (!active) {
                                        entry.getValue().run.cancel("it is no longer running here: it was cancelled, "
                                                + "or finished elsewhere");
                                    }
                                })
                                .onErrorResume(e -> {
                                    log.debug("Could not renew the lease of {} {}: {}", table.table(), entry.getKey(), e.toString());
                                    return Mono.empty();
                                }), 8)
                        .then())
                .subscribe();
    }

    @Override
    public void stop() {
        if (renewing != null) {
            renewing.dispose();
        }
        if (cancelling != null) {
            cancelling.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return renewing != null && !renewing.isDisposed();
    }

    /** Renews until the work queues have drained. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE / 2 - 200;
    }
}
