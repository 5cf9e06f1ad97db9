package dev.darkroom.gallery;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An image as the gallery protocol sends it (web/PROTOCOL.md); width and height are the thumbnail's. */
record GalleryImage(UUID id, String thumbnailUrl, int width, int height, List<Colour> colors, Instant createdAt) {

    record Colour(String hex, int hue, double weight) { }

    static String thumbnailUrl(UUID id) {
        return "/api/images/" + id + "/thumbnail";
    }

    /** The same rule as the query's SQL, for images announced after the query ran. */
    boolean matches(int hue, int tolerance) {
        return colors.stream().anyMatch(colour -> distance(colour.hue(), hue) <= tolerance);
    }

    static int distance(int a, int b) {
        int d = Math.floorMod(a - b, 360);
        return Math.min(d, 360 - d);
    }
}
