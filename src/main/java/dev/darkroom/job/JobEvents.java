package dev.darkroom.job;

import dev.darkroom.progress.ProgressEvent;

/** A job's events, each saying which attempt it belongs to (see {@link ProgressEvent#attempt}). */
final class JobEvents {

    private JobEvents() {
    }

    /** As stored: a queued job is waiting for its next attempt. */
    static ProgressEvent stored(Job job) {
        int attempt = job.status() == JobStatus.queued ? job.attempts() + 1 : Math.max(1, job.attempts());
        return new ProgressEvent(job.id(), job.status().name(), job.progress(), job.error(), attempt);
    }

    static ProgressEvent of(Job job, String status, int progress, String error) {
        return new ProgressEvent(job.id(), status, progress, error, Math.max(1, job.attempts()));
    }
}
