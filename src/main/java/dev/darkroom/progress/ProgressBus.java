package dev.darkroom.progress;

import java.util.UUID;

import reactor.core.publisher.Flux;

/**
 * Carries progress between instances: an event published on one reaches the listeners of every
 * instance, so a client may follow a job from any API instance, whichever worker runs it.
 * Delivery is best effort; the job's stored state stays the source of truth.
 */
public interface ProgressBus {

    /** Non-blocking; safe to call from a pixel loop's thread. */
    void publish(ProgressEvent event);

    /** Every event this instance receives from now on. */
    Flux<ProgressEvent> events();

    default Flux<ProgressEvent> events(UUID jobId) {
        return events().filter(event -> event.jobId().equals(jobId));
    }
}
