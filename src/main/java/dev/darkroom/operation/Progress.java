package dev.darkroom.operation;

/**
 * Receives how far an operation has got, as a fraction from 0 to 1. Operations call it from
 * their pixel loops (per row band, per pass); the job layer decides how often it is worth
 * telling anyone, so calling it often is cheap and expected.
 */
@FunctionalInterface
public interface Progress {

    Progress NONE = fraction -> { };

    void report(double fraction);

    /** A view of this progress that maps 0..1 onto the sub-range [from, to] of the whole. */
    default Progress slice(double from, double to) {
        return fraction -> report(from + (to - from) * Math.clamp(fraction, 0.0, 1.0));
    }
}
