package dev.darkroom.job;

import java.util.UUID;

import dev.darkroom.operation.Progress;
import dev.darkroom.progress.ProgressBus;
import dev.darkroom.progress.ProgressEvent;

/**
 * Turns an operation's many fraction reports into a few events: whole percentages only, at most
 * one per {@code busInterval} on the bus and one per {@code dbInterval} in the database, and
 * never 100 until the result is stored (the final event says "succeeded", not a percentage).
 */
final class JobProgress implements Progress {

    private final UUID jobId;
    private final ProgressBus bus;
    private final JobRepository jobs;
    private final long busIntervalNanos;
    private final long dbIntervalNanos;
    private int lastPercent = -1;
    private long lastBus;
    private long lastDb;

    JobProgress(UUID jobId, ProgressBus bus, JobRepository jobs, java.time.Duration busInterval, java.time.Duration dbInterval) {
        this.jobId = jobId;
        this.bus = bus;
        this.jobs = jobs;
        this.busIntervalNanos = busInterval.toNanos();
        this.dbIntervalNanos = dbInterval.toNanos();
        long now = System.nanoTime();
        this.lastBus = now - busIntervalNanos;
        this.lastDb = now;
    }

    // Synchronized because filters may report from several bands at once.
    @Override
    public synchronized void report(double fraction) {
        int percent = (int) Math.min(99, Math.max(0, Math.floor(fraction * 100)));
        if (percent <= lastPercent) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastBus < busIntervalNanos) {
            return;
        }
        lastPercent = percent;
        lastBus = now;
        bus.publish(new ProgressEvent(jobId, ProgressEvent.RUNNING, percent, null));
        if (now - lastDb >= dbIntervalNanos) {
            lastDb = now;
            jobs.progress(jobId, percent).subscribe();
        }
    }
}
