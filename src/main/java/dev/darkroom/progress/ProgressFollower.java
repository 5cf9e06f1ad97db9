package dev.darkroom.progress;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.ConnectableFlux;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Follows one job: its stored state first, then live events, ending with the terminal one.
 * Live events are collected from before the stored state is read, and the stored state is
 * re-read now and then, so neither a race nor a lost event can leave a follower hanging.
 */
@Component
public class ProgressFollower {

    private final ProgressBus bus;
    private final JobStates states;
    private final ProgressProperties properties;

    ProgressFollower(ProgressBus bus, JobStates states, ProgressProperties properties) {
        this.bus = bus;
        this.states = states;
        this.properties = properties;
    }

    /** Empty if the job does not exist; otherwise a finite, never-decreasing sequence. */
    public Flux<ProgressEvent> follow(UUID jobId) {
        return follow(jobId, states);
    }

    /**
     * The same for any other work that publishes its progress on the bus under its own id, with
     * {@code stored} reading its persisted state (a batch, for instance).
     */
    public Flux<ProgressEvent> follow(UUID jobId, JobStates stored) {
        return Flux.defer(() -> {
            ConnectableFlux<ProgressEvent> live = bus.events(jobId).replay(256);
            Disposable connection = live.connect();
            // A recheck that fails (the database is away for a moment) is skipped: the stream stays
            // open on live events and the next recheck, instead of ending on a blip.
            Flux<ProgressEvent> rechecks = Flux.interval(properties.recheck()).onBackpressureDrop()
                    .concatMap(tick -> stored.current(jobId).onErrorResume(e -> Mono.empty()));
            AtomicReference<ProgressEvent> last = new AtomicReference<>();
            return stored.current(jobId)
                    .flatMapMany(first -> Flux.merge(Mono.just(first), live, rechecks))
                    .filter(event -> {
                        if (event.isAfter(last.get())) {
                            last.set(event);
                            return true;
                        }
                        return false;
                    })
                    .takeUntil(ProgressEvent::terminal)
                    .doFinally(signal -> connection.dispose());
        });
    }
}
