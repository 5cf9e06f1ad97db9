package dev.darkroom.image;

import java.util.Arrays;

/**
 * A progressive JPEG cut down to the scans a decode scaled by 1/8 reads. At that scale each 8×8
 * block of a full-resolution component (the luma of a 4:2:0 file, every component of a 4:4:4
 * one) becomes one pixel, its DC coefficient: libjpeg's 1×1 IDCT reads nothing else. So the AC
 * scans of those components (most of a progressive file's bytes, and nearly all of its entropy
 * decoding) change no output pixel, and are left out, but for one:
 * <ul>
 * <li>Subsampled components keep every scan: libjpeg-turbo decodes them with a 2×2 IDCT at
 *     this scale (it upsamples in the IDCT), which reads AC coefficients.</li>
 * <li>Each full-resolution component keeps its first scan of the lowest AC band. A progressive
 *     file whose AC coefficients have not arrived at all is smoothed by libjpeg-turbo, DC
 *     included (its block smoothing of partly loaded images); with that first band present it
 *     only estimates AC coefficients, which the 1×1 IDCT ignores.</li>
 * </ul>
 * The result is the very same pixels for about half the work (a 5120×2880 progressive photo keeps
 * 0.6 of its 1.2 MB): this is how a progressive photo's thumbnail costs less than Pillow's, which
 * decodes every scan in draft mode. {@code JpegCodecTest} holds the pixels equal.
 *
 * <p>Only a complete, well-formed progressive Huffman file is cut: a baseline file (whose DC
 * and AC share one scan), a file that ends early, or anything unexpected is left whole, for the
 * decoder to read or refuse as usual. A fault hidden in the left-out scans of an otherwise
 * complete file is not seen by a thumbnail, as it changes none of the thumbnail's pixels.
 */
final class JpegEighthScans {

    private static final int SOF2 = 0xc2;
    private static final int SOS = 0xda;
    private static final int EOI = 0xd9;

    private JpegEighthScans() {
    }

    /** The file with the scans a 1/8 decode ignores left out, or null when it is not progressive or cannot be cut safely. */
    static byte[] only(byte[] d) {
        if (d.length < 4 || (d[0] & 0xff) != 0xff || (d[1] & 0xff) != 0xd8) {
            return null;
        }
        byte[] out = new byte[d.length];
        out[0] = (byte) 0xff;
        out[1] = (byte) 0xd8;
        int n = 2;
        boolean progressive = false;
        int[] ids = new int[0];
        int[] sampling = new int[0];   // per component: h << 4 | v
        int maxSampling = 0;
        boolean dropped = false;
        int pos = 2;
        while (true) {
            if (pos + 1 >= d.length || (d[pos] & 0xff) != 0xff) {
                return null;
            }
            while (pos < d.length && (d[pos] & 0xff) == 0xff) {
                pos++;   // fill bytes
            }
            if (pos >= d.length) {
                return null;
            }
            int marker = d[pos++] & 0xff;
            if (marker == EOI) {
                if (!dropped) {
                    return null;
                }
                out[n++] = (byte) 0xff;
                out[n++] = (byte) EOI;
                return Arrays.copyOf(out, n);
            }
            if (marker < 0xc0 || marker == 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker == 0xdc) {
                return null;   // stray standalone markers, a DNL: not worth the risk
            }
            if (pos + 2 > d.length) {
                return null;
            }
            int start = pos - 2;
            int end = pos + ((d[pos] & 0xff) << 8 | d[pos + 1] & 0xff);
            if (end > d.length || end < pos + 2) {
                return null;
            }
            if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc) {
                if (marker != SOF2 || progressive || end - pos < 8) {
                    return null;   // sequential or arithmetic-coded, or a second frame
                }
                progressive = true;
                int count = d[pos + 7] & 0xff;
                if (count == 0 || pos + 8 + 3 * count > end) {
                    return null;
                }
                ids = new int[count];
                sampling = new int[count];
                int maxH = 0;
                int maxV = 0;
                for (int c = 0; c < count; c++) {
                    ids[c] = d[pos + 8 + 3 * c] & 0xff;
                    sampling[c] = d[pos + 9 + 3 * c] & 0xff;
                    maxH = Math.max(maxH, sampling[c] >> 4);
                    maxV = Math.max(maxV, sampling[c] & 0xf);
                }
                maxSampling = maxH << 4 | maxV;
            }
            if (marker != SOS) {
                System.arraycopy(d, start, out, n, end - start);
                n += end - start;
                pos = end;
                continue;
            }
            if (!progressive) {
                return null;
            }
            int components = end - pos > 2 ? d[pos + 2] & 0xff : 0;
            int spectralStart = pos + 3 + 2 * components;
            if (components == 0 || spectralStart >= end) {
                return null;
            }
            int dataEnd = entropyEnd(d, end);
            if (dataEnd < 0) {
                return null;
            }
            int spectralSelectionStart = d[spectralStart] & 0xff;
            int successiveHigh = spectralStart + 2 < end ? (d[spectralStart + 2] & 0xff) >> 4 : -1;
            boolean subsampled = false;
            for (int c = 0; c < components; c++) {
                int index = indexOf(ids, d[pos + 3 + 2 * c] & 0xff);
                if (index < 0 || successiveHigh < 0) {
                    return null;
                }
                subsampled |= sampling[index] != maxSampling;
            }
            if (spectralSelectionStart == 0 || subsampled || (spectralSelectionStart == 1 && successiveHigh == 0)) {
                System.arraycopy(d, start, out, n, dataEnd - start);
                n += dataEnd - start;
            } else {
                dropped = true;
            }
            pos = dataEnd;
        }
    }

    private static int indexOf(int[] values, int value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** Where the entropy-coded data from {@code from} ends: the next marker other than a stuffed byte or RSTn, or -1. */
    private static int entropyEnd(byte[] d, int from) {
        for (int i = JpegMarkers.indexOfFf(d, from); i + 1 < d.length; i = JpegMarkers.indexOfFf(d, i + 1)) {
            int next = d[i + 1] & 0xff;
            if (next != 0 && !(next >= 0xd0 && next <= 0xd7) && next != 0xff) {
                return i;
            }
        }
        return -1;
    }
}
