package dev.darkroom.job;

import java.time.Instant;
import java.util.UUID;

/**
 * Position in the newest-first list of jobs (the last job of a page), exchanged with clients as an
 * opaque token. The token says it is a job cursor, so one from another listing (images, /list) is
 * refused rather than read as a position in this one.
 */
record JobCursor(Instant createdAt, UUID id) {

    private static final String KIND = "job";

    static JobCursor after(Job job) {
        return new JobCursor(job.createdAt(), job.id());
    }

    String encode() {
        return new dev.darkroom.web.PageCursor(createdAt, id).encode(KIND);
    }

    /** Null if the token was not made by {@link #encode}. */
    static JobCursor decode(String token) {
        dev.darkroom.web.PageCursor cursor = dev.darkroom.web.PageCursor.decode(KIND, token);
        return cursor == null ? null : new JobCursor(cursor.createdAt(), cursor.id());
    }
}
