package dev.darkroom.image;

import java.util.Locale;

/**
 * The JPEG marker structure checked as strictly as libjpeg checks it, for the pure-Java path
 * (libjpeg-turbo checks its own input). A file libjpeg refuses is refused here with libjpeg's own
 * words, so both paths agree: one SOF, SOS only after it and naming its components, segment
 * lengths that match their contents, known markers only, an image before the EOI. Without this
 * a second SOF (a crafted file, or a broken writer) silently changed the draft decoder's idea of
 * the size, and a 320×1 thumbnail came out of a file every other tool rejects.
 *
 * <p>Only structure is checked, through the whole file (entropy-coded data is skipped byte by
 * byte, as libjpeg reads it). A file that simply ends is left to the decoders, which report
 * truncation in their own words.
 */
final class JpegMarkers {

    private static final int MAX_COMPONENTS = 10;

    private JpegMarkers() {
    }

    /** Throws an {@link UnreadableImageException} naming the fault, as libjpeg words it. */
    static void check(byte[] d) {
        String fault = fault(d);
        if (fault != null) {
            throw ImageDecoder.refusal(ImageFormat.JPEG, fault);
        }
    }

    /** libjpeg's message for the first structural fault, or null. */
    static String fault(byte[] d) {
        if (d.length < 2 || (d[0] & 0xff) != 0xff || (d[1] & 0xff) != 0xd8) {
            return "Not a JPEG file: starts with 0x" + hex(d.length > 0 ? d[0] : 0) + " 0x" + hex(d.length > 1 ? d[1] : 0);
        }
        boolean sawSof = false;
        boolean sawSos = false;
        int[] ids = new int[0];
        int pos = 2;
        while (true) {
            // libjpeg skips (and warns about) anything that is not a marker, and fill bytes.
            while (pos < d.length && (d[pos] & 0xff) != 0xff) {
                pos++;
            }
            while (pos < d.length && (d[pos] & 0xff) == 0xff) {
                pos++;
            }
            if (pos >= d.length) {
                return null;    // ends early: truncation, reported by the decoder
            }
            int marker = d[pos++] & 0xff;
            if (marker == 0xd9) {
                return sawSos ? null : "JPEG datastream contains no image";
            }
            if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                continue;       // TEM and RSTn stand alone
            }
            if (marker == 0xd8) {
                return "Invalid JPEG file structure: two SOI markers";
            }
            if (pos + 2 > d.length) {
                return null;
            }
            int length = u16(d, pos);
            int body = pos + 2;
            int end = pos + length;
            switch (marker) {
                case 0xc0, 0xc1, 0xc2, 0xc9, 0xca -> {
                    if (sawSof) {
                        return "Invalid JPEG file structure: two SOF markers";
                    }
                    sawSof = true;
                    if (end > d.length) {
                        return null;
                    }
                    if (length < 8) {
                        return "Bogus marker length";
                    }
                    int precision = d[body] & 0xff;
                    int height = u16(d, body + 1);
                    int width = u16(d, body + 3);
                    int n = d[body + 5] & 0xff;
                    if (height <= 0 || width <= 0 || n <= 0) {
                        return "Empty JPEG image (DNL not supported)";
                    }
                    if (length != n * 3 + 8) {
                        return "Bogus marker length";
                    }
                    if (precision != 8) {
                        return "Unsupported JPEG data precision " + precision;
                    }
                    if (n > MAX_COMPONENTS) {
                        return "Too many color components: " + n + ", max " + MAX_COMPONENTS;
                    }
                    ids = new int[n];
                    for (int c = 0; c < n; c++) {
                        ids[c] = d[body + 6 + 3 * c] & 0xff;
                    }
                }
                case 0xc3, 0xc5, 0xc6, 0xc7, 0xc8, 0xcb, 0xcd, 0xce, 0xcf -> {
                    return "Unsupported JPEG process: SOF type 0x" + hex(marker);
                }
                case 0xc4 -> {
                    if (end > d.length) {
                        return null;
                    }
                    String fault = huffmanTables(d, body, length - 2);
                    if (fault != null) {
                        return fault;
                    }
                }
                case 0xdb -> {
                    if (end > d.length) {
                        return null;
                    }
                    String fault = quantisationTables(d, body, length - 2);
                    if (fault != null) {
                        return fault;
                    }
                }
                case 0xdd -> {
                    if (length != 4) {
                        return "Bogus marker length";
                    }
                }
                case 0xda -> {
                    if (!sawSof) {
                        return "Invalid JPEG file structure: SOS before SOF";
                    }
                    if (body >= d.length) {
                        return null;
                    }
                    int n = d[body] & 0xff;
                    if (length != n * 2 + 6 || n < 1 || n > 4) {
                        return "Bogus marker length";
                    }
                    if (end > d.length) {
                        return null;
                    }
                    boolean[] seen = new boolean[ids.length];
                    for (int i = 0; i < n; i++) {
                        int id = d[body + 1 + 2 * i] & 0xff;
                        int c = indexOf(ids, id);
                        if (c < 0 || seen[c]) {
                            return "Invalid component ID " + id + " in SOS";
                        }
                        seen[c] = true;
                    }
                    sawSos = true;
                    pos = skipEntropyData(d, end);
                    continue;
                }
                case 0xcc, 0xdc, 0xfe -> { }    // DAC (arithmetic conditioning), DNL, COM: skipped
                default -> {
                    if (marker < 0xe0 || marker > 0xef) {
                        return "Unsupported marker type 0x" + hex(marker);
                    }
                    // APPn: skipped, as libjpeg skips what it does not use
                }
            }
            pos += Math.max(2, length);
        }
    }

    /** DHT: each table's 16 counts and their symbols, the tables filling the segment exactly. */
    private static String huffmanTables(byte[] d, int at, int remaining) {
        while (remaining > 16) {
            int index = d[at] & 0xff;
            int count = 0;
            for (int i = 1; i <= 16; i++) {
                count += d[at + i] & 0xff;
            }
            remaining -= 17;
            if (count > 256 || count > remaining) {
                return "Bogus Huffman table definition";
            }
            int table = (index & 0x10) != 0 ? index - 0x10 : index;
            if (table < 0 || table >= 4) {
                return "Bogus DHT index " + table;
            }
            at += 17 + count;
            remaining -= count;
        }
        return remaining != 0 ? "Bogus marker length" : null;
    }

    /** DQT: each table 64 values of 8 or 16 bits, the tables filling the segment exactly. */
    private static String quantisationTables(byte[] d, int at, int remaining) {
        while (remaining > 0) {
            int n = d[at] & 0xff;
            int table = n & 0x0f;
            int size = 1 + ((n >> 4) != 0 ? 128 : 64);
            if (table >= 4) {
                return "Bogus DQT index " + table;
            }
            if (size > remaining) {
                return "Bogus marker length";
            }
            at += size;
            remaining -= size;
        }
        return remaining != 0 ? "Bogus marker length" : null;
    }

    /** The position of the marker that ends a scan: 0xFF followed by neither a stuffed 0 nor RSTn. */
    private static int skipEntropyData(byte[] d, int pos) {
        while (true) {
            pos = indexOfFf(d, pos);
            if (pos + 1 >= d.length) {
                return d.length;
            }
            int next = d[pos + 1] & 0xff;
            if (next == 0 || (next >= 0xd0 && next <= 0xd7) || next == 0xff) {
                pos += next == 0xff ? 1 : 2;
                continue;
            }
            return pos;
        }
    }

    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * The index of the next 0xFF byte from {@code from}, or {@code d.length}. Entropy-coded data
     * is most of a file and has about one 0xFF in 200 bytes, so it is searched eight bytes at a
     * time (a byte is 0xFF when its complement is zero): a quarter of the time of a byte loop,
     * which was a few percent of a thumbnail's CPU.
     */
    static int indexOfFf(byte[] d, int from) {
        int i = from;
        for (; i + 8 <= d.length; i += 8) {
            long inverted = ~(long) LONGS.get(d, i);
            long zeros = (inverted - ONES) & ~inverted & HIGHS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        while (i < d.length && d[i] != (byte) 0xff) {
            i++;
        }
        return i;
    }

    private static int indexOf(int[] ids, int id) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        return -1;
    }

    private static int u16(byte[] d, int at) {
        return at + 1 < d.length ? (d[at] & 0xff) << 8 | d[at + 1] & 0xff : 0;
    }

    private static String hex(int b) {
        return String.format(Locale.ROOT, "%02x", b & 0xff);
    }
}
