package dev.darkroom.progress;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Measured speed per operation, in pixels per second of the whole run (reading, decoding, the
 * operation, encoding, storing: what a user waits for), as an exponentially weighted moving
 * average: recent runs count most, so the estimate follows a worker that got busier, and one odd
 * run moves it only part of the way. Kept in memory on the worker that runs the jobs, which is the
 * one that sends their events; a new worker learns from its first run of each operation.
 */
@Component
public class Throughput {

    /** Weight of the newest run: about the last five runs make up most of the estimate. */
    static final double WEIGHT = 0.3;

    private final Map<String, Double> pixelsPerSecond = new ConcurrentHashMap<>();

    /** Records one finished run of {@code operation} over {@code pixels} pixels. */
    public void record(String operation, long pixels, Duration took) {
        if (pixels <= 0 || took.isZero() || took.isNegative()) {
            return;
        }
        double measured = pixels / (took.toNanos() / 1e9);
        pixelsPerSecond.merge(operation, measured, (old, now) -> old + WEIGHT * (now - old));
    }

    public OptionalDouble pixelsPerSecond(String operation) {
        Double value = pixelsPerSecond.get(operation);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /** How long a run of {@code operation} over {@code pixels} pixels should take; null before any was measured. */
    public Duration expected(String operation, long pixels) {
        OptionalDouble speed = pixelsPerSecond(operation);
        return speed.isEmpty() ? null : Duration.ofNanos((long) (pixels / speed.getAsDouble() * 1e9));
    }
}
