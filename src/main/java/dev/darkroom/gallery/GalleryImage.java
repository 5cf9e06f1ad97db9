package dev.darkroom.gallery;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.darkroom.operation.DominantColors;

/** An image as the gallery protocol sends it (web/PROTOCOL.md); width and height are the thumbnail's. */
record GalleryImage(UUID id, String thumbnailUrl, int width, int height, List<Colour> colors, Instant createdAt) {

    /**
     * The colour extraction already leaves greys out; this keeps a low-saturation cluster centre,
     * whose hue means little, from matching or being shown, as the protocol asks.
     */
    static final double MIN_SATURATION = 0.1;

    record Colour(String hex, int hue, double weight) {

        static Colour of(int red, int green, int blue, int hue, float weight) {
            return new Colour(String.format(Locale.ROOT, "#%02x%02x%02x", red, green, blue), hue, weight);
        }
    }

    /**
     * The image as processing made it, the same as a query would read it back: colours as the
     * database keeps them (single precision), greys left out by the query's own rule.
     */
    static GalleryImage of(UUID id, int width, int height, List<DominantColors.Colour> colours, Instant createdAt) {
        List<Colour> shown = colours.stream()
                .filter(colour -> (double) (float) colour.saturation() >= MIN_SATURATION)
                .map(colour -> Colour.of(colour.red(), colour.green(), colour.blue(), colour.hue(), (float) colour.weight()))
                .toList();
        return new GalleryImage(id, thumbnailUrl(id), width, height, shown, createdAt);
    }

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
