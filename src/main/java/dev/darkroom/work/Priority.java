package dev.darkroom.work;

/**
 * Which line a unit of work waits in. Interactive work (someone is watching it, e.g. one convert
 * from the web app) is {@code high}; backfills (uploads by the hundred, batches, processing a list
 * of photos) are {@code normal}. High work is admitted first wherever work waits: its own queue on
 * the broker, the memory budget and the conversion threads.
 */
public enum Priority {
    high, normal;

    /** The priority named, or null for a name that is none. */
    public static Priority named(String name) {
        for (Priority p : values()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
