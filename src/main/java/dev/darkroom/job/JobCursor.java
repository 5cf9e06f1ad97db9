package dev.darkroom.job;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Position in the newest-first list of jobs (the last job of a page), exchanged with clients as an
 * opaque token. The token says it is a job cursor, so one from another listing (images, /list) is
 * refused rather than read as a position in this one.
 */
record JobCursor(Instant createdAt, UUID id) {

    private static final String KIND = "job";
    private static final long EARLIEST = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    private static final long LATEST = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    static JobCursor after(Job job) {
        return new JobCursor(job.createdAt(), job.id());
    }

    String encode() {
        String raw = KIND + ":" + createdAt.getEpochSecond() + ":" + createdAt.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Null if the token was not made by {@link #encode}. */
    static JobCursor decode(String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":", 4);
            if (parts.length != 4 || !KIND.equals(parts[0])) {
                return null;
            }
            long seconds = Long.parseLong(parts[1]);
            long nanos = Long.parseLong(parts[2]);
            // Years 1 to 9999: a crafted time beyond what the database stores is refused here, not a 500 there.
            if (seconds < EARLIEST || seconds > LATEST || nanos < 0 || nanos > 999_999_999) {
                return null;
            }
            return new JobCursor(Instant.ofEpochSecond(seconds, nanos), UUID.fromString(parts[3]));
        } catch (RuntimeException e) {
            // Not base64, not numbers, or not a UUID.
            return null;
        }
    }
}
