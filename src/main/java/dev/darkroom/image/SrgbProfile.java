package dev.darkroom.image;

import java.nio.ByteBuffer;

/**
 * Whether an embedded ICC profile describes sRGB, judged by what it says rather than by who
 * wrote it: an RGB profile whose colorants are sRGB's primaries (adapted to D50, as ICC profiles
 * store them) and whose three tone curves follow sRGB's transfer function. HP's
 * "sRGB IEC61966-2.1" (the one cameras and Photoshop embed, with a 1024-entry curve), LittleCMS's
 * built-in sRGB (a parametric curve) and Java's own all pass; Adobe RGB, Display P3, ProPhoto and
 * gamma-2.2 profiles do not. Converting sRGB pixels to sRGB costs a whole colour transform for
 * nothing but rounding, so those files skip it. Pillow never converts on decode at all.
 */
final class SrgbProfile {

    /** sRGB's red, green and blue colorants adapted to D50 (IEC 61966-2-1 Amendment 1). */
    private static final double[][] COLORANTS = {
            {0.4361, 0.2225, 0.0139}, {0.3851, 0.7169, 0.0971}, {0.1431, 0.0606, 0.7141}};
    /** s15Fixed16 rounding and writers' own matrix arithmetic differ in the fourth decimal. */
    private static final double COLORANT_TOLERANCE = 0.0025;
    /** Within half a level of 8 bits: such a curve changes no pixel. */
    private static final double CURVE_TOLERANCE = 0.5 / 255;

    private static final int RGB = 0x52474220;          // 'RGB '
    private static final int XYZ = 0x58595a20;          // 'XYZ '
    private static final int CURV = 0x63757276;         // 'curv'
    private static final int PARA = 0x70617261;         // 'para'
    private static final int[] COLORANT_TAGS = {0x7258595a, 0x6758595a, 0x6258595a};   // rXYZ gXYZ bXYZ
    private static final int[] CURVE_TAGS = {0x72545243, 0x67545243, 0x62545243};      // rTRC gTRC bTRC

    private SrgbProfile() {
    }

    /** Whether {@code icc} (a whole profile) is sRGB; false for anything unreadable. */
    static boolean is(byte[] icc) {
        try {
            ByteBuffer b = ByteBuffer.wrap(icc);
            if (icc.length < 132 || b.getInt(16) != RGB || b.getInt(20) != XYZ) {
                return false;
            }
            for (int i = 0; i < 3; i++) {
                int at = tag(b, COLORANT_TAGS[i]);
                if (at < 0 || b.getInt(at) != XYZ) {
                    return false;
                }
                for (int c = 0; c < 3; c++) {
                    if (Math.abs(b.getInt(at + 8 + 4 * c) / 65536.0 - COLORANTS[i][c]) > COLORANT_TOLERANCE) {
                        return false;
                    }
                }
            }
            for (int tag : CURVE_TAGS) {
                int at = tag(b, tag);
                if (at < 0 || !followsSrgb(b, at)) {
                    return false;
                }
            }
            return true;
        } catch (IndexOutOfBoundsException e) {
            return false;
        }
    }

    /** The offset of a tag's data, or -1. */
    private static int tag(ByteBuffer b, int signature) {
        int count = b.getInt(128);
        for (int i = 0; i < count && i < 100; i++) {
            int entry = 132 + 12 * i;
            if (b.getInt(entry) == signature) {
                int offset = b.getInt(entry + 4);
                return offset >= 0 && offset < b.capacity() ? offset : -1;
            }
        }
        return -1;
    }

    private static boolean followsSrgb(ByteBuffer b, int at) {
        for (int i = 0; i <= 32; i++) {
            double x = i / 32.0;
            double y = evaluate(b, at, x);
            if (Double.isNaN(y) || Math.abs(y - srgb(x)) > CURVE_TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    /** The curve at {@code x}, or NaN for a kind of curve not read here. */
    private static double evaluate(ByteBuffer b, int at, double x) {
        int type = b.getInt(at);
        if (type == CURV) {
            int n = b.getInt(at + 8);
            if (n == 0) {
                return x;
            }
            if (n == 1) {
                return Math.pow(x, (b.getShort(at + 12) & 0xffff) / 256.0);
            }
            double position = x * (n - 1);
            int i = Math.min(n - 2, (int) position);
            double lo = (b.getShort(at + 12 + 2 * i) & 0xffff) / 65535.0;
            double hi = (b.getShort(at + 12 + 2 * i + 2) & 0xffff) / 65535.0;
            return lo + (hi - lo) * (position - i);
        }
        if (type == PARA) {
            int function = b.getShort(at + 8);
            double[] p = new double[7];
            int params = switch (function) {
                case 0 -> 1;
                case 1 -> 3;
                case 2 -> 4;
                case 3 -> 5;
                case 4 -> 7;
                default -> 0;
            };
            if (params == 0) {
                return Double.NaN;
            }
            for (int i = 0; i < params; i++) {
                p[i] = b.getInt(at + 12 + 4 * i) / 65536.0;
            }
            double g = p[0];
            return switch (function) {
                case 0 -> Math.pow(x, g);
                case 1 -> x >= -p[2] / p[1] ? Math.pow(p[1] * x + p[2], g) : 0;
                case 2 -> x >= -p[2] / p[1] ? Math.pow(p[1] * x + p[2], g) + p[3] : p[3];
                case 3 -> x >= p[4] ? Math.pow(p[1] * x + p[2], g) : p[3] * x;
                default -> x >= p[4] ? Math.pow(p[1] * x + p[2], g) + p[5] : p[3] * x + p[6];
            };
        }
        return Double.NaN;
    }

    /** sRGB's transfer function, encoded value to linear light. */
    private static double srgb(double x) {
        return x <= 0.04045 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
    }
}
