package dev.darkroom.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * A position in a newest-first list (the last item of a page: its creation time and id),
 * exchanged with clients as an opaque token. The token names the list it belongs to, so a cursor
 * from one listing (images, jobs, webhook deliveries) is refused by another rather than read as a
 * position in it. Every paged list uses this one format.
 */
public record PageCursor(Instant createdAt, UUID id) {

    /** The answer to a cursor {@link #decode} refuses, for every list. */
    public static final ProblemType INVALID = new ProblemType("invalid-cursor", org.springframework.http.HttpStatus.BAD_REQUEST,
            "Invalid cursor", "The cursor is not one this service issued. Pass the next value of the previous page unchanged, "
            + "or leave it out for the first page.");

    private static final long EARLIEST = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    private static final long LATEST = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    /** The token for this position in the list called {@code kind}. */
    public String encode(String kind) {
        String raw = kind + ":" + createdAt.getEpochSecond() + ":" + createdAt.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a token of list {@code kind} names; null if {@link #encode} did not make it for that list. */
    public static PageCursor decode(String kind, String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":", 4);
            if (parts.length != 4 || !kind.equals(parts[0])) {
                return null;
            }
            long seconds = Long.parseLong(parts[1]);
            long nanos = Long.parseLong(parts[2]);
            // Years 1 to 9999: a crafted time beyond what the database stores is refused here, not a 500 there.
            if (seconds < EARLIEST || seconds > LATEST || nanos < 0 || nanos > 999_999_999) {
                return null;
            }
            return new PageCursor(Instant.ofEpochSecond(seconds, nanos), UUID.fromString(parts[3]));
        } catch (RuntimeException e) {
            // Not base64, not numbers, or not a UUID.
            return null;
        }
    }
}
