package dev.darkroom.progress;

import java.util.Locale;

/**
 * What a job is doing, in the order it does it: waiting in its queue, reading its original from
 * storage, decoding it, running the operation, encoding the result, storing it. Events carry it as
 * the lower-case name; a later event never names an earlier stage within one attempt.
 */
public enum Stage {
    QUEUED, DOWNLOADING, DECODING, PROCESSING, ENCODING, STORING;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The order of a stage as sent, -1 for none or an unknown one. */
    static int rank(String wire) {
        if (wire == null) {
            return -1;
        }
        for (Stage stage : values()) {
            if (stage.wire().equals(wire)) {
                return stage.ordinal();
            }
        }
        return -1;
    }
}
