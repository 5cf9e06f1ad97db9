package dev.darkroom.progress;

import java.util.UUID;

import reactor.core.publisher.Mono;

/** The stored state of followed work, which the streams start from and fall back on. */
public interface JobStates {

    /** Empty if there is no such job. */
    Mono<ProgressEvent> current(UUID jobId);
}
