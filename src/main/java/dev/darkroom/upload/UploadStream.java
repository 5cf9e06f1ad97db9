package dev.darkroom.upload;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The bytes of one uploaded file on their way to storage. It keeps the first bytes (for the
 * magic-number check and the header probe), counts the rest, and ends the stream early once the
 * size limit is passed, so the store writes at most {@code limit} bytes and the caller can answer
 * 413 instead of the store failing half-way.
 */
final class UploadStream extends InputStream {

    /** Enough for the header of nearly every JPEG (EXIF and ICC segments included). */
    static final int HEAD_BYTES = 256 * 1024;

    private final InputStream source;
    private final long limit;
    /** The bytes read ahead: the head, or the whole file after {@link #readWhole}. */
    private byte[] head = new byte[HEAD_BYTES];
    private int headFilled;
    private long position;
    private boolean exceeded;
    /** Of every byte handed on, as it passes: the checksum costs no second read of the file. */
    private final MessageDigest sha256 = sha256();

    UploadStream(InputStream source, long limit) {
        this.source = source;
        this.limit = limit;
    }

    /** Reads ahead (without consuming) until {@code n} bytes are known or the file ends. */
    byte[] peek(int n) throws IOException {
        int want = Math.min(n, HEAD_BYTES);
        fill(want);
        return Arrays.copyOf(head, Math.min(headFilled, want));
    }

    /** Reads ahead until {@code want} bytes are known or the file ends. */
    private void fill(int want) throws IOException {
        while (headFilled < want) {
            if (headFilled == head.length) {
                head = Arrays.copyOf(head, (int) Math.min(want, 2L * head.length));
            }
            int read = source.read(head, headFilled, Math.min(want, head.length) - headFilled);
            if (read < 0) {
                break;
            }
            headFilled += read;
        }
    }

    /**
     * The whole file when it ends within {@code max} bytes (and the size limit), read to its end
     * and counted as read; null, with nothing consumed, when it is longer. A file known whole can
     * be stored in one request of known length and kept for the processing that follows.
     */
    byte[] readWhole(int max) throws IOException {
        if (position != 0) {
            throw new IllegalStateException("readWhole is for a file not yet read");
        }
        int most = (int) Math.min(max, limit);
        fill(Math.min(most + 1, HEAD_BYTES));
        // Past the head in chunks, then one array of the exact size: growing one array by doubling
        // allocated and copied about three times the file, in arrays large enough for the
        // garbage collector to treat each as a special case.
        java.util.List<byte[]> rest = new java.util.ArrayList<>();
        int total = headFilled;
        while (total <= most && headFilled == HEAD_BYTES) {
            int want = Math.min(CHUNK, most + 1 - total);
            byte[] chunk = new byte[want];
            int n = source.readNBytes(chunk, 0, want);
            if (n > 0) {
                rest.add(n == want ? chunk : Arrays.copyOf(chunk, n));
                total += n;
            }
            if (n < want) {
                break;
            }
        }
        byte[] whole = Arrays.copyOf(head, total);
        int at = headFilled;
        for (byte[] chunk : rest) {
            System.arraycopy(chunk, 0, whole, at, chunk.length);
            at += chunk.length;
        }
        if (total > most) {
            // Longer than asked for: what was read ahead is handed on first, then the rest.
            head = whole;
            headFilled = total;
            return null;
        }
        sha256.update(whole);
        position = total;
        return whole;
    }

    private static final int CHUNK = 64 * 1024;

    /** The first bytes of the file seen so far, up to {@link #HEAD_BYTES}. */
    byte[] head() {
        return Arrays.copyOf(head, Math.min(headFilled, HEAD_BYTES));
    }

    long size() {
        return position;
    }

    boolean exceeded() {
        return exceeded;
    }

    /** The hex SHA-256 of the bytes read so far: of the whole file, once it has been read to its end. */
    String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Reads and drops what is left of the file, so the next part of the request can be read. */
    void discardRest() throws IOException {
        byte[] sink = new byte[64 * 1024];
        while (read(sink, 0, sink.length) >= 0) {
            // discarding
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position < headFilled) {
            if (position >= limit) {
                // Read ahead past the limit: the file is over it.
                exceeded = true;
                return -1;
            }
            int n = (int) Math.min(len, Math.min(headFilled, limit) - position);
            System.arraycopy(head, (int) position, b, off, n);
            sha256.update(b, off, n);
            position += n;
            return n;
        }
        if (exceeded) {
            return -1;
        }
        if (position >= limit) {
            if (source.read() >= 0) {
                exceeded = true;
            }
            return -1;
        }
        int n = source.read(b, off, (int) Math.min(len, limit - position));
        if (n < 0) {
            return -1;
        }
        if (position < HEAD_BYTES) {
            int keep = (int) Math.min(n, HEAD_BYTES - position);
            System.arraycopy(b, off, head, (int) position, keep);
            headFilled = (int) position + keep;
        }
        sha256.update(b, off, n);
        position += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
