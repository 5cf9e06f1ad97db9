package dev.darkroom.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import dev.darkroom.operation.Progress;

/**
 * Decodes a baseline JPEG straight to 1/4 or 1/8 of its size, for thumbnails, without an inverse
 * DCT. A JPEG block's coefficients already hold what a box filter needs: the block's mean is its
 * DC coefficient, and the mean of any n×n cell of it is a fixed weighted sum of the coefficients
 * (for 2×2 cells only frequencies 0 and odd count; the others average out). So every output pixel
 * is the true average of the 4×4 or 8×8 pixels it stands for, chroma included (a 4:2:0 chroma
 * block covers 16×16 pixels, so at 1/4 it is cut into 4×4 cells). This is what Pillow gets from
 * libjpeg's draft mode, at a fraction of a full decode's cost: only the entropy decoding remains.
 *
 * <p>Only the common case is handled: 8-bit sequential Huffman (SOF0/SOF1), one scan, grey or
 * YCbCr (an embedded colour profile is applied by the caller, as for a full decode). For anything else, and for any file that does not
 * decode cleanly (truncated, corrupt), {@link #parse} or {@link #decode} return null and the
 * caller uses ImageIO, which reports damage in detail.
 */
final class JpegDraft {

    private static final int[] ZIGZAG = {
            0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14,
            21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53,
            60, 61, 54, 47, 55, 62, 63};

    /**
     * CELL[n][q * 8 + u]: for a block cut into n×n cells, C(u)/2 times the mean of
     * cos((2x+1)uπ/16) over the pixels x of cell q. A cell's mean is then the sum over the
     * coefficients F(u,v) of F · CELL[n][qy·8+v] · CELL[n][qx·8+u], plus 128; for n = 1 only the DC
     * term survives, for n = 2 only frequencies 0 and odd, since the others average out.
     */
    private static final float[][] CELL = new float[9][];
    /** Whether frequency u contributes to any cell mean when cutting into n cells. */
    private static final boolean[][] USED = new boolean[9][];

    static {
        for (int n : new int[] {1, 2, 4, 8}) {
            CELL[n] = new float[n * 8];
            USED[n] = new boolean[8];
            int size = 8 / n;
            for (int q = 0; q < n; q++) {
                for (int u = 0; u < 8; u++) {
                    double mean = 0;
                    for (int x = q * size; x < q * size + size; x++) {
                        mean += Math.cos((2 * x + 1) * u * Math.PI / 16) / size;
                    }
                    double value = (u == 0 ? Math.sqrt(0.5) : 1) / 2 * mean;
                    CELL[n][q * 8 + u] = Math.abs(value) < 1e-9 ? 0f : (float) value;
                    USED[n][u] |= Math.abs(value) >= 1e-9;
                }
            }
        }
    }

    private final byte[] data;
    final int width;
    final int height;
    private final int[] ids;
    private final int[] h;
    private final int[] v;
    private final int[] quantTable;
    private final int[][] quant = new int[4][];
    private final Huffman[] dcTables = new Huffman[4];
    private final Huffman[] acTables = new Huffman[4];
    private int[] dcTable;
    private int[] acTable;
    private int restartInterval;
    private int scanStart;

    private JpegDraft(byte[] data, int width, int height, int components) {
        this.data = data;
        this.width = width;
        this.height = height;
        this.ids = new int[components];
        this.h = new int[components];
        this.v = new int[components];
        this.quantTable = new int[components];
    }

    /** The file's frame, or null when it is not a JPEG this class decodes. Reads no entropy data. */
    static JpegDraft parse(byte[] data) {
        try {
            return parseMarkers(data);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static JpegDraft parseMarkers(byte[] d) {
        JpegDraft frame = null;
        boolean adobe = false;
        int adobeTransform = -1;
        int[][] dqt = new int[4][];
        Huffman[] dc = new Huffman[4];
        Huffman[] ac = new Huffman[4];
        int restart = 0;
        int pos = 2;
        while (pos + 4 <= d.length) {
            if ((d[pos] & 0xff) != 0xff) {
                return null;
            }
            int marker = d[pos + 1] & 0xff;
            if (marker == 0xff) {
                pos++;
                continue;
            }
            int length = u16(d, pos + 2);
            int body = pos + 4;
            int end = pos + 2 + length;
            if (length < 2 || end > d.length) {
                return null;
            }
            switch (marker) {
                case 0xC0, 0xC1 -> {
                    if ((d[body] & 0xff) != 8) {
                        return null;
                    }
                    int height = u16(d, body + 1);
                    int width = u16(d, body + 3);
                    int n = d[body + 5] & 0xff;
                    if (width == 0 || height == 0 || (n != 1 && n != 3)) {
                        return null;
                    }
                    frame = new JpegDraft(d, width, height, n);
                    for (int c = 0; c < n; c++) {
                        int at = body + 6 + 3 * c;
                        frame.ids[c] = d[at] & 0xff;
                        frame.h[c] = (d[at + 1] & 0xff) >> 4;
                        frame.v[c] = d[at + 1] & 0x0f;
                        frame.quantTable[c] = d[at + 2] & 0x0f;
                        if (frame.h[c] < 1 || frame.h[c] > 4 || frame.v[c] < 1 || frame.v[c] > 4 || frame.quantTable[c] > 3) {
                            return null;
                        }
                    }
                }
                case 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF -> {
                    return null; // progressive, lossless, hierarchical or arithmetic-coded
                }
                case 0xC4 -> {
                    for (int at = body; at < end; ) {
                        int tc = (d[at] & 0xff) >> 4;
                        int th = d[at] & 0x0f;
                        if (th > 3 || tc > 1) {
                            return null;
                        }
                        int total = 0;
                        for (int i = 0; i < 16; i++) {
                            total += d[at + 1 + i] & 0xff;
                        }
                        Huffman table = new Huffman(d, at + 1, at + 17, total, tc == 0);
                        (tc == 0 ? dc : ac)[th] = table;
                        at += 17 + total;
                    }
                }
                case 0xDB -> {
                    for (int at = body; at < end; ) {
                        int precision = (d[at] & 0xff) >> 4;
                        int tq = d[at] & 0x0f;
                        if (tq > 3) {
                            return null;
                        }
                        int[] table = new int[64];
                        for (int k = 0; k < 64; k++) {
                            table[k] = precision == 0 ? d[at + 1 + k] & 0xff : u16(d, at + 1 + 2 * k);
                        }
                        dqt[tq] = table;
                        at += 1 + (precision == 0 ? 64 : 128);
                    }
                }
                case 0xDD -> restart = u16(d, body);
                case 0xEE -> {
                    if (length >= 12 && d[body] == 'A' && d[body + 1] == 'd' && d[body + 2] == 'o' && d[body + 3] == 'b'
                            && d[body + 4] == 'e') {
                        adobe = true;
                        adobeTransform = d[body + 11] & 0xff;
                    }
                }
                case 0xDA -> {
                    if (frame == null) {
                        return null;
                    }
                    int n = d[body] & 0xff;
                    if (n != frame.ids.length) {
                        return null; // one scan per component (non-interleaved): rare, left to ImageIO
                    }
                    frame.dcTable = new int[n];
                    frame.acTable = new int[n];
                    for (int i = 0; i < n; i++) {
                        int id = d[body + 1 + 2 * i] & 0xff;
                        if (id != frame.ids[i]) {
                            return null;
                        }
                        frame.dcTable[i] = (d[body + 2 + 2 * i] & 0xff) >> 4;
                        frame.acTable[i] = d[body + 2 + 2 * i] & 0x0f;
                        if (frame.dcTable[i] > 3 || frame.acTable[i] > 3
                                || dc[frame.dcTable[i]] == null || ac[frame.acTable[i]] == null) {
                            return null;
                        }
                    }
                    for (int c = 0; c < n; c++) {
                        if (dqt[frame.quantTable[c]] == null) {
                            return null;
                        }
                        frame.quant[c] = dqt[frame.quantTable[c]];
                    }
                    System.arraycopy(dc, 0, frame.dcTables, 0, 4);
                    System.arraycopy(ac, 0, frame.acTables, 0, 4);
                    frame.restartInterval = restart;
                    frame.scanStart = end;
                    if (!wholeSamplingRatios(frame)) {
                        return null;
                    }
                    if (n == 3 && !isYCbCr(frame, adobe, adobeTransform)) {
                        return null;
                    }
                    return frame;
                }
                default -> { }
            }
            pos = end;
        }
        return null;
    }

    /** Every component's sampling must divide the largest (4:2:0, 4:2:2, 4:1:1...; not 3:2 oddities). */
    private static boolean wholeSamplingRatios(JpegDraft frame) {
        int hMax = java.util.Arrays.stream(frame.h).max().orElse(1);
        int vMax = java.util.Arrays.stream(frame.v).max().orElse(1);
        for (int c = 0; c < frame.ids.length; c++) {
            if (hMax % frame.h[c] != 0 || vMax % frame.v[c] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isYCbCr(JpegDraft frame, boolean adobe, int adobeTransform) {
        if (adobe) {
            return adobeTransform == 1;
        }
        // Without an Adobe marker, component ids R, G, B mean an RGB JPEG; anything else is YCbCr.
        return !(frame.ids[0] == 'R' && frame.ids[1] == 'G' && frame.ids[2] == 'B');
    }

    /**
     * Pixels at 1/{@code scale} (4 or 8) of the size, rounded up, as TYPE_INT_RGB; null if the
     * entropy data does not decode cleanly to its end.
     */
    BufferedImage decode(int scale, Progress progress) {
        try {
            return decodeScan(scale, progress);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private BufferedImage decodeScan(int scale, Progress progress) {
        int n = ids.length;
        int hMax = 1;
        int vMax = 1;
        for (int c = 0; c < n; c++) {
            hMax = Math.max(hMax, h[c]);
            vMax = Math.max(vMax, v[c]);
        }
        int mcusX;
        int mcusY;
        if (n == 1) {
            // A single-component scan is not interleaved: its units are single blocks.
            h[0] = v[0] = hMax = vMax = 1;
            mcusX = (width + 7) / 8;
            mcusY = (height + 7) / 8;
        } else {
            mcusX = (width + 8 * hMax - 1) / (8 * hMax);
            mcusY = (height + 8 * vMax - 1) / (8 * vMax);
        }
        // Every plane is at output resolution: a subsampled component's block covers more output
        // pixels, so it is cut into more cells (chroma at 4:2:0 and 1/4: 4×4 cells of 2×2 samples).
        int stride = mcusX * hMax * 8 / scale;
        int rows = mcusY * vMax * 8 / scale;
        float[][] planes = new float[n][stride * rows];
        int[] cellsX = new int[n];
        int[] cellsY = new int[n];
        float[][] dequant = new float[n][64];
        for (int c = 0; c < n; c++) {
            cellsX[c] = 8 / scale * hMax / h[c];
            cellsY[c] = 8 / scale * vMax / v[c];
            for (int k = 0; k < 64; k++) {
                dequant[c][k] = quant[c][k];
            }
        }
        // Per component and zigzag index, the weight of a coefficient in each of the block's
        // cells with dequantisation folded in (0 for coefficients that average out), so a block
        // costs one multiply-add per non-zero coefficient and cell.
        float[][] weights = new float[n][];
        int[][] used = new int[n][64];
        for (int c = 0; c < n; c++) {
            int nx = cellsX[c];
            int ny = cellsY[c];
            int cells = nx * ny;
            weights[c] = new float[64 * cells];
            for (int k = 0; k < 64; k++) {
                int natural = ZIGZAG[k];
                used[c][k] = k > 0 && USED[nx][natural & 7] && USED[ny][natural >> 3] ? 1 : 0;
                for (int qy = 0; qy < ny; qy++) {
                    for (int qx = 0; qx < nx; qx++) {
                        weights[c][k * cells + qy * nx + qx] = dequant[c][k]
                                * CELL[ny][qy * 8 + (natural >> 3)] * CELL[nx][qx * 8 + (natural & 7)];
                    }
                }
            }
        }
        // The bit buffer lives in locals here (the JIT keeps them in registers); Bits holds them
        // only across its rare calls: refills, restart markers.
        Bits bits = new Bits(data, scanStart);
        long buf = 0;
        int cnt = 0;
        int pos = scanStart;
        int[] predictor = new int[n];
        int[] nonZero = new int[64];
        int[] values = new int[64];
        float[] cellValues = new float[64];
        int mcu = 0;
        int reportEvery = Math.max(1, mcusY / 32);
        for (int my = 0; my < mcusY; my++) {
            if (my % reportEvery == 0) {
                progress.report((double) my / mcusY);
            }
            for (int mx = 0; mx < mcusX; mx++, mcu++) {
                if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0) {
                    bits.buffer = buf;
                    bits.count = cnt;
                    bits.pos = pos;
                    bits.restart();
                    buf = 0;
                    cnt = 0;
                    pos = bits.pos;
                    java.util.Arrays.fill(predictor, 0);
                }
                for (int c = 0; c < n; c++) {
                    int[] dc = dcTables[dcTable[c]].fast;
                    Huffman acHuffman = acTables[acTable[c]];
                    int[] ac = acHuffman.fast;
                    int[] usedK = used[c];
                    float[] w = weights[c];
                    int nx = cellsX[c];
                    int ny = cellsY[c];
                    int cells = nx * ny;
                    float[] plane = planes[c];
                    for (int by = 0; by < v[c]; by++) {
                        for (int bx = 0; bx < h[c]; bx++) {
                            // The refill is written out here and again for each coefficient: the bit
                            // buffer lives in locals, which a shared method could not update in place.
                            if (cnt < 32) {
                                int word;
                                if (pos + 4 <= data.length && noFF(word = (int) BIG_ENDIAN_INT.get(data, pos))) {
                                    buf = buf << 32 | (word & 0xffffffffL);
                                    cnt += 32;
                                    pos += 4;
                                } else {
                                    bits.buffer = buf;
                                    bits.count = cnt;
                                    bits.pos = pos;
                                    bits.fill();
                                    buf = bits.buffer;
                                    cnt = bits.count;
                                    pos = bits.pos;
                                }
                            }
                            int e = dc[(int) (buf >>> (cnt - Huffman.FAST)) & Huffman.MASK];
                            int diff;
                            if (e != 0) {
                                cnt -= e & 31;
                                if ((e & Huffman.FULL) != 0) {
                                    diff = e >> 16;
                                } else {
                                    int size = e >> 12 & 15;
                                    cnt -= size;
                                    diff = extend((int) (buf >>> cnt) & ((1 << size) - 1), size);
                                }
                            } else {
                                int code = dcTables[dcTable[c]].decodeSlow((int) (buf >>> (cnt - 16)) & 0xffff);
                                cnt -= code >> 8;
                                int size = code & 0xff;
                                cnt -= size;
                                diff = size == 0 ? 0 : extend((int) (buf >>> cnt) & ((1 << size) - 1), size);
                            }
                            predictor[c] += diff;
                            int count = 0;
                            for (int k = 1; k < 64; k++) {
                                if (cnt < 32) {
                                    int word;
                                    if (pos + 4 <= data.length && noFF(word = (int) BIG_ENDIAN_INT.get(data, pos))) {
                                        buf = buf << 32 | (word & 0xffffffffL);
                                        cnt += 32;
                                        pos += 4;
                                    } else {
                                        bits.buffer = buf;
                                        bits.count = cnt;
                                        bits.pos = pos;
                                        bits.fill();
                                        buf = bits.buffer;
                                        cnt = bits.count;
                                        pos = bits.pos;
                                    }
                                }
                                e = ac[(int) (buf >>> (cnt - Huffman.FAST)) & Huffman.MASK];
                                int r;
                                int size;
                                int value;
                                if (e != 0) {
                                    cnt -= e & 31;
                                    r = e >> 8 & 15;
                                    size = e >> 12 & 15;
                                    if (size == 0) {
                                        if (r != 15) {
                                            break;
                                        }
                                        k += 15;
                                        continue;
                                    }
                                    if ((e & Huffman.FULL) != 0) {
                                        value = e >> 16;
                                    } else {
                                        cnt -= size;
                                        value = extend((int) (buf >>> cnt) & ((1 << size) - 1), size);
                                    }
                                } else {
                                    int code = acHuffman.decodeSlow((int) (buf >>> (cnt - 16)) & 0xffff);
                                    cnt -= code >> 8;
                                    int rs = code & 0xff;
                                    r = rs >> 4;
                                    size = rs & 15;
                                    if (size == 0) {
                                        if (r != 15) {
                                            break;
                                        }
                                        k += 15;
                                        continue;
                                    }
                                    cnt -= size;
                                    value = extend((int) (buf >>> cnt) & ((1 << size) - 1), size);
                                }
                                k += r;
                                if (k > 63) {
                                    throw new IllegalStateException("coefficient index past 63");
                                }
                                // Written always, kept only if used: no branch to mispredict.
                                nonZero[count] = k * cells;
                                values[count] = value;
                                count += usedK[k];
                            }
                            if (cnt < bits.padding) {
                                throw new IllegalStateException("ran into a marker");
                            }
                            float dcValue = predictor[c] * w[0] + 128f;
                            int x0 = (mx * h[c] + bx) * nx;
                            int y0 = (my * v[c] + by) * ny;
                            if (cells == 1) {
                                // One cell (luma at 1/8): a sum, without the small loops below,
                                // which C2 compiles for long trip counts.
                                float sum = dcValue;
                                for (int i = 0; i < count; i++) {
                                    sum += values[i] * w[nonZero[i]];
                                }
                                plane[y0 * stride + x0] = sum;
                                continue;
                            }
                            if (nx == 2 && ny == 2) {
                                // 2×2 cells (luma at 1/4, 4:2:0 chroma at 1/8): four sums in registers.
                                float s0 = dcValue;
                                float s1 = dcValue;
                                float s2 = dcValue;
                                float s3 = dcValue;
                                for (int i = 0; i < count; i++) {
                                    float value = values[i];
                                    int at = nonZero[i];
                                    s0 += value * w[at];
                                    s1 += value * w[at + 1];
                                    s2 += value * w[at + 2];
                                    s3 += value * w[at + 3];
                                }
                                int row = y0 * stride + x0;
                                plane[row] = s0;
                                plane[row + 1] = s1;
                                plane[row + stride] = s2;
                                plane[row + stride + 1] = s3;
                                continue;
                            }
                            for (int cell = 0; cell < cells; cell++) {
                                cellValues[cell] = dcValue;
                            }
                            for (int i = 0; i < count; i++) {
                                float value = values[i];
                                int at = nonZero[i];
                                for (int cell = 0; cell < cells; cell++) {
                                    cellValues[cell] += value * w[at + cell];
                                }
                            }
                            for (int qy = 0, cell = 0; qy < ny; qy++) {
                                int row = (y0 + qy) * stride + x0;
                                for (int qx = 0; qx < nx; qx++, cell++) {
                                    plane[row + qx] = cellValues[cell];
                                }
                            }
                        }
                    }
                }
            }
        }
        return toRgb(planes, stride, scale);
    }

    private BufferedImage toRgb(float[][] planes, int stride, int scale) {
        int outW = (width + scale - 1) / scale;
        int outH = (height + scale - 1) / scale;
        BufferedImage image = new BufferedImage(outW, outH, BufferedImage.TYPE_INT_RGB);
        int[] out = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        float[] luma = planes[0];
        if (planes.length == 1) {
            for (int y = 0; y < outH; y++) {
                for (int x = 0, at = y * stride, o = y * outW; x < outW; x++) {
                    int l = clamp(luma[at + x]);
                    out[o + x] = l << 16 | l << 8 | l;
                }
            }
            return image;
        }
        float[] blue = planes[1];
        float[] red = planes[2];
        for (int y = 0; y < outH; y++) {
            for (int x = 0, at = y * stride, o = y * outW; x < outW; x++) {
                float yy = luma[at + x];
                float cb = blue[at + x] - 128f;
                float cr = red[at + x] - 128f;
                out[o + x] = clamp(yy + 1.402f * cr) << 16 | clamp(yy - 0.344136f * cb - 0.714136f * cr) << 8
                        | clamp(yy + 1.772f * cb);
            }
        }
        return image;
    }

    /**
     * Rounded to the nearest level and clamped. Adding 0.5 and truncating equals Math.round here:
     * below -0.5 both clamp to 0, and from there on the sum is exact but for 0.49999997f.
     */
    private static int clamp(float value) {
        int i = (int) (value + 0.5f);
        return i < 0 ? 0 : Math.min(255, i);
    }

    private static final java.lang.invoke.VarHandle BIG_ENDIAN_INT = java.lang.invoke.MethodHandles
            .byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.BIG_ENDIAN);

    /** Whether none of the four bytes is 0xFF (no stuffing or marker to handle): no zero byte in ~word. */
    private static boolean noFF(int word) {
        int inverted = ~word;
        return ((inverted - 0x01010101) & ~inverted & 0x80808080) == 0;
    }

    private static int extend(int value, int size) {
        // value < 2^(size-1) means negative: add 1 - 2^size, selected by the sign of the difference.
        return value + ((value - (1 << (size - 1))) >> 31 & (1 - (1 << size)));
    }

    private static int u16(byte[] d, int at) {
        return (d[at] & 0xff) << 8 | d[at + 1] & 0xff;
    }

    /**
     * Entropy-coded bits, with 0xFF00 unstuffed; a marker inside the data ends it. The decoder
     * keeps buffer, count and position in locals and refills when fewer than 32 bits are left
     * (four bytes at once when none is 0xFF, else here), enough for
     * any Huffman code and its extra bits, so decoding a coefficient checks once. Past a marker
     * zeros are appended as padding; the decoder fails once its count drops below the padding.
     */
    private static final class Bits {
        private final byte[] data;
        int pos;
        long buffer;
        int count;
        private boolean marker;
        /** Zero bits appended past a marker, at the bottom of the buffer: lookahead only, never data. */
        int padding;

        Bits(byte[] data, int pos) {
            this.data = data;
            this.pos = pos;
        }

        void fill() {
            byte[] d = data;
            int p = pos;
            long b = buffer;
            int n = count;
            while (n <= 56) {
                int next;
                if (marker) {
                    next = 0;
                    padding += 8;
                } else {
                    if (p >= d.length) {
                        throw new IllegalStateException("data ends inside the scan");
                    }
                    next = d[p] & 0xff;
                    if (next == 0xff) {
                        if (p + 1 < d.length && d[p + 1] == 0) {
                            p += 2;
                        } else {
                            // Past a marker: zeros keep lookahead working; checkPadding refuses them.
                            marker = true;
                            next = 0;
                            padding += 8;
                        }
                    } else {
                        p++;
                    }
                }
                b = b << 8 | next;
                n += 8;
            }
            pos = p;
            buffer = b;
            count = n;
        }

        /**
         * At the end of a restart interval only the encoder's padding (under a byte of one-bits)
         * may be left before the RSTn marker; then decoding starts afresh after it.
         */
        void restart() {
            if (count < padding || count - padding >= 8) {
                throw new IllegalStateException("data left before a restart marker");
            }
            count = 0;
            buffer = 0;
            padding = 0;
            marker = false;
            while (pos + 1 < data.length && (data[pos] & 0xff) == 0xff && (data[pos + 1] & 0xff) == 0xff) {
                pos++;
            }
            if (pos + 1 >= data.length || (data[pos] & 0xff) != 0xff || (data[pos + 1] & 0xf8) != 0xd0) {
                throw new IllegalStateException("expected a restart marker");
            }
            pos += 2;
        }
    }

    /**
     * Canonical Huffman decoding. A {@value #FAST}-bit lookup answers short codes together with
     * their extra bits where those fit too, as one entry: bits 0-4 the bits to consume, bit 5
     * ({@link #FULL}) set when the coefficient value is in bits 16-31 (else the caller reads
     * {@code size} more bits), bits 8-11 the run, 12-15 the size; 0 for longer codes, which take
     * the JPEG maxcode walk. For DC tables the symbol is the size and the run is 0.
     */
    private static final class Huffman {
        static final int FAST = 10;
        static final int FULL = 32;
        static final int MASK = (1 << FAST) - 1;
        final int[] fast = new int[1 << FAST];
        private final int[] maxCode = new int[18];
        private final int[] valOffset = new int[17];
        private final int[] symbols;

        Huffman(byte[] d, int countsAt, int symbolsAt, int total, boolean dc) {
            symbols = new int[total];
            for (int i = 0; i < total; i++) {
                symbols[i] = d[symbolsAt + i] & 0xff;
            }
            int code = 0;
            int k = 0;
            for (int length = 1; length <= 16; length++) {
                int count = d[countsAt + length - 1] & 0xff;
                valOffset[length] = k - code;
                for (int i = 0; i < count; i++, k++, code++) {
                    if (length <= FAST) {
                        int symbol = symbols[k];
                        int run = dc ? 0 : symbol >> 4;
                        int size = dc ? symbol : symbol & 15;
                        if (size > 15) {
                            throw new IllegalStateException("DC size past 15");
                        }
                        int shift = FAST - length;
                        for (int fill = code << shift, last = (code + 1) << shift; fill < last; fill++) {
                            int entry = size << 12 | run << 8 | length;
                            if (size == 0) {
                                entry |= FULL;
                            } else if (length + size <= FAST) {
                                int extra = (fill >> (FAST - length - size)) & ((1 << size) - 1);
                                entry = extend(extra, size) << 16 | size << 12 | run << 8 | FULL | (length + size);
                            }
                            fast[fill] = entry;
                        }
                    }
                }
                maxCode[length] = count == 0 ? -1 : code - 1;
                code <<= 1;
            }
            maxCode[17] = Integer.MAX_VALUE;
        }

        /** For a code longer than {@value #FAST} bits, given the next 16 bits: its length << 8 | its symbol. */
        int decodeSlow(int code) {
            for (int length = FAST + 1; length <= 16; length++) {
                int prefix = code >>> (16 - length);
                if (maxCode[length] >= 0 && prefix <= maxCode[length]) {
                    return length << 8 | symbols[prefix + valOffset[length]];
                }
            }
            throw new IllegalStateException("no Huffman code matches");
        }
    }
}
