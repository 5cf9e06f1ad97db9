package dev.darkroom.operation;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The few colours that make up most of a picture, for a gallery that is browsed by hue. Whites,
 * blacks and greys are left out: nearly every photo has them, so they say nothing about it.
 *
 * <p>Pixels are counted on a fixed grid (about 250,000 of them, enough for a stable answer at any
 * size) into a 32×32×32 colour histogram, and the histogram is clustered by k-means seeded
 * greedily from the heaviest colour. Nothing is random and all sums are integers, so the same
 * image gives the same colours on every run and machine.
 */
public record DominantColors() implements Operation {

    /**
     * One dominant colour. Hue in degrees (0–359), saturation and lightness as in HSL (0–1),
     * weight the share of the counted (non-grey) pixels it stands for.
     */
    public record Colour(int red, int green, int blue, int hue, double saturation, double lightness, double weight) {

        public String hex() {
            return String.format(Locale.ROOT, "#%02x%02x%02x", red, green, blue);
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("hex", hex());
            json.put("rgb", List.of(red, green, blue));
            json.put("hue", hue);
            json.put("saturation", saturation);
            json.put("lightness", lightness);
            json.put("weight", weight);
            return json;
        }
    }

    static final int COUNT = 4;
    private static final int SAMPLES = 250_000;
    /** Lightness outside this range is near-black or near-white. */
    private static final double MIN_LIGHTNESS = 0.08;
    private static final double MAX_LIGHTNESS = 0.92;
    /** Below this HSL saturation, or this spread between channels (of 255), a pixel is a grey. */
    private static final double MIN_SATURATION = 0.15;
    private static final int MIN_CHROMA = 20;
    /** Colours closer than this (RGB distance) are one colour with some noise. */
    private static final int MIN_DISTANCE = 48;
    /** A cluster this small is JPEG fringe or a speck, not a colour of the picture. */
    private static final double MIN_WEIGHT = 0.01;
    private static final int ITERATIONS = 16;

    static final OperationSpec SPEC = OperationSpec.of("colors", "Dominant colours",
            "Up to four colours that make up most of the picture, heaviest first; greys left out",
            OperationSpec.Result.JSON, List.of(), DominantColors::from);

    static DominantColors from(Params params) {
        return params.build(DominantColors::new);
    }

    @Override
    public Output apply(BufferedImage image, Progress progress) {
        List<Map<String, Object>> colours = of(image, progress).stream().map(Colour::json).toList();
        return new Output.Json(Map.of("colors", colours));
    }

    /** For the photo processor: up to four colours, heaviest first; empty for a grey picture. */
    public static List<Colour> of(BufferedImage image) {
        return of(image, Progress.NONE);
    }

    static List<Colour> of(BufferedImage image, Progress progress) {
        Histogram histogram = Histogram.of(image, progress.slice(0, 0.8));
        List<Colour> colours = histogram.total == 0 ? List.of() : cluster(histogram);
        progress.report(1.0);
        return colours;
    }

    /** 5 bits per channel; per bin the pixel count and exact channel sums, so centroids are true means. */
    private static final class Histogram {
        final int[] bins;
        final long[] count;
        final long[][] sums;
        final long total;

        private Histogram(int[] bins, long[] count, long[][] sums, long total) {
            this.bins = bins;
            this.count = count;
            this.sums = sums;
            this.total = total;
        }

        static Histogram of(BufferedImage image, Progress progress) {
            int w = image.getWidth();
            int h = image.getHeight();
            int step = (int) Math.max(1, Math.ceil(Math.sqrt((double) w * h / SAMPLES)));
            int[] src = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
            boolean alpha = image.getColorModel().hasAlpha();
            // Per bin its count and channel sums side by side, in ints: one cache line per pixel
            // where four long arrays cost four. At most about SAMPLES pixels are summed, so a sum
            // stays below 255 x 260,000, far inside an int.
            int[] acc = new int[4 << 15];
            int rows = (h + step - 1) / step;
            RowBands.forEach(rows, progress, (from, to) -> {
                for (int i = from; i < to; i++) {
                    int row = i * step * w;
                    for (int x = 0; x < w; x += step) {
                        int p = src[row + x];
                        if ((alpha && p >>> 24 < 128) || isGrey(p)) {
                            continue;
                        }
                        int pr = p >> 16 & 0xff;
                        int pg = p >> 8 & 0xff;
                        int pb = p & 0xff;
                        int at = ((pr >> 3) << 10 | (pg >> 3) << 5 | pb >> 3) << 2;
                        acc[at]++;
                        acc[at + 1] += pr;
                        acc[at + 2] += pg;
                        acc[at + 3] += pb;
                    }
                }
            });
            int used = 0;
            long total = 0;
            for (int at = 0; at < acc.length; at += 4) {
                used += acc[at] > 0 ? 1 : 0;
                total += acc[at];
            }
            int[] bins = new int[used];
            long[] binCount = new long[used];
            long[][] sums = new long[used][];
            for (int bin = 0, i = 0; bin < 1 << 15; bin++) {
                int at = bin << 2;
                if (acc[at] > 0) {
                    bins[i] = bin;
                    binCount[i] = acc[at];
                    sums[i] = new long[] {acc[at + 1], acc[at + 2], acc[at + 3]};
                    i++;
                }
            }
            return new Histogram(bins, binCount, sums, total);
        }

        double[] mean(int i) {
            return new double[] {(double) sums[i][0] / count[i], (double) sums[i][1] / count[i], (double) sums[i][2] / count[i]};
        }
    }

    static boolean isGrey(int rgb) {
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        return GREY[Math.max(r, Math.max(g, b)) << 8 | Math.min(r, Math.min(g, b))];
    }

    /**
     * Whether a pixel is grey depends only on its largest and smallest channel, so the rule is
     * worked out once for each of the 65,536 pairs: a table read per pixel instead of the
     * floating-point lightness and saturation, which were half of counting a photo's colours.
     */
    private static final boolean[] GREY = new boolean[256 * 256];

    static {
        for (int max = 0; max < 256; max++) {
            for (int min = 0; min <= max; min++) {
                double lightness = (max + min) / 510.0;
                GREY[max << 8 | min] = lightness < MIN_LIGHTNESS || lightness > MAX_LIGHTNESS || max - min < MIN_CHROMA
                        || saturation(max, min) < MIN_SATURATION;
            }
        }
    }

    private static double saturation(double max, double min) {
        double chroma = (max - min) / 255.0;
        double lightness = (max + min) / 510.0;
        return chroma == 0 ? 0 : chroma / (1 - Math.abs(2 * lightness - 1));
    }

    private static List<Colour> cluster(Histogram histogram) {
        int n = histogram.bins.length;
        double[][] points = new double[n][];
        for (int i = 0; i < n; i++) {
            points[i] = histogram.mean(i);
        }
        List<double[]> centres = seeds(histogram, points);
        int[] owner = new int[n];
        long[] weight = new long[centres.size()];
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            boolean moved = false;
            for (int i = 0; i < n; i++) {
                int nearest = nearest(centres, points[i]);
                moved |= nearest != owner[i] || iteration == 0;
                owner[i] = nearest;
            }
            long[][] sums = new long[centres.size()][3];
            weight = new long[centres.size()];
            for (int i = 0; i < n; i++) {
                weight[owner[i]] += histogram.count[i];
                for (int c = 0; c < 3; c++) {
                    sums[owner[i]][c] += histogram.sums[i][c];
                }
            }
            for (int k = 0; k < centres.size(); k++) {
                if (weight[k] > 0) {
                    centres.set(k, new double[] {(double) sums[k][0] / weight[k], (double) sums[k][1] / weight[k],
                            (double) sums[k][2] / weight[k]});
                }
            }
            if (!moved) {
                break;
            }
        }
        List<Colour> colours = new ArrayList<>();
        for (int k = 0; k < centres.size(); k++) {
            double share = (double) weight[k] / histogram.total;
            if (share >= MIN_WEIGHT) {
                colours.add(colour(centres.get(k), share));
            }
        }
        colours.sort(Comparator.comparingDouble(Colour::weight).reversed().thenComparing(Colour::hex));
        return List.copyOf(colours);
    }

    /** Greedy k-means++ without the dice: each next seed is the colour most pixels are farthest from. */
    private static List<double[]> seeds(Histogram histogram, double[][] points) {
        List<double[]> centres = new ArrayList<>();
        int heaviest = 0;
        for (int i = 1; i < points.length; i++) {
            if (histogram.count[i] > histogram.count[heaviest]) {
                heaviest = i;
            }
        }
        centres.add(points[heaviest]);
        while (centres.size() < COUNT) {
            int best = -1;
            double bestScore = 0;
            for (int i = 0; i < points.length; i++) {
                double d = distance2(points[i], centres.get(nearest(centres, points[i])));
                if (d < (double) MIN_DISTANCE * MIN_DISTANCE) {
                    continue;
                }
                double score = histogram.count[i] * d;
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            centres.add(points[best]);
        }
        return centres;
    }

    private static int nearest(List<double[]> centres, double[] point) {
        int nearest = 0;
        double best = Double.MAX_VALUE;
        for (int k = 0; k < centres.size(); k++) {
            double d = distance2(point, centres.get(k));
            if (d < best) {
                best = d;
                nearest = k;
            }
        }
        return nearest;
    }

    private static double distance2(double[] a, double[] b) {
        double dr = a[0] - b[0];
        double dg = a[1] - b[1];
        double db = a[2] - b[2];
        return dr * dr + dg * dg + db * db;
    }

    private static Colour colour(double[] centre, double weight) {
        int r = (int) Math.round(centre[0]);
        int g = (int) Math.round(centre[1]);
        int b = (int) Math.round(centre[2]);
        int max = Math.max(r, Math.max(g, b));
        int min = Math.min(r, Math.min(g, b));
        double chroma = max - min;
        double hue;
        if (chroma == 0) {
            hue = 0;
        } else if (max == r) {
            hue = 60 * (((g - b) / chroma) % 6);
        } else if (max == g) {
            hue = 60 * ((b - r) / chroma + 2);
        } else {
            hue = 60 * ((r - g) / chroma + 4);
        }
        int degrees = Math.floorMod((int) Math.round(hue), 360);
        return new Colour(r, g, b, degrees, round3(saturation(max, min)), round3((max + min) / 510.0), round3(weight));
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
