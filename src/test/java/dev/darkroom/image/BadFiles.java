package dev.darkroom.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Hand-made files that are wrong in one precise way each. */
public final class BadFiles {

    private BadFiles() {
    }

    /** A well-formed PNG whose header claims width×height; its one IDAT holds a few real rows. */
    public static byte[] pngClaiming(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[64 * 1024]);
        deflater.finish();
        byte[] idat = new byte[1024];
        int n = deflater.deflate(idat);
        chunk(out, "IDAT", java.util.Arrays.copyOf(idat, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** The first bytes of a Photoshop document: a real format, just not one Darkroom reads. */
    public static byte[] psdHeader() {
        return ByteBuffer.allocate(26).put("8BPS".getBytes(StandardCharsets.US_ASCII)).putShort((short) 1)
                .put(new byte[6]).putShort((short) 3).putInt(100).putInt(100).putShort((short) 8).putShort((short) 3)
                .array();
    }

    /** A Windows icon header, 16×16. */
    public static byte[] icoHeader() {
        return new byte[] {0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0, 0x28, 1, 0, 0, 22, 0, 0, 0};
    }

    /**
     * A real JPEG with a second SOF0 segment right after its own, claiming {@code width}×1: what
     * libjpeg refuses ("two SOF markers"), and what once gave a 320×1 thumbnail.
     */
    public static byte[] jpegWithTwoSofMarkers(byte[] jpeg, int width) {
        int sof = indexOf(jpeg, 0xC0);
        int end = sof + 2 + u16(jpeg, sof + 2);
        byte[] second = java.util.Arrays.copyOfRange(jpeg, sof, end);
        second[5] = 0;
        second[6] = 1;
        second[7] = (byte) (width >> 8);
        second[8] = (byte) width;
        return splice(jpeg, end, second);
    }

    /** A real JPEG whose first DQT segment claims one byte more than its tables fill. */
    public static byte[] jpegWithBadTableLength(byte[] jpeg) {
        int dqt = indexOf(jpeg, 0xDB);
        int length = u16(jpeg, dqt + 2);
        byte[] out = splice(jpeg, dqt + 2 + length, new byte[] {0});
        out[dqt + 2] = (byte) ((length + 1) >> 8);
        out[dqt + 3] = (byte) (length + 1);
        return out;
    }

    /** A real JPEG with a marker no JPEG process defines (0xFFC8, "JPG", reserved) before its frame. */
    public static byte[] jpegWithUnknownMarker(byte[] jpeg) {
        return splice(jpeg, 2, new byte[] {(byte) 0xFF, (byte) 0xC8, 0, 4, 0, 0});
    }

    /** A real JPEG whose scan header comes before its frame header. */
    public static byte[] jpegWithScanBeforeFrame(byte[] jpeg) {
        int sof = indexOf(jpeg, 0xC0);
        int sos = indexOf(jpeg, 0xDA);
        byte[] scanHeader = java.util.Arrays.copyOfRange(jpeg, sos, sos + 2 + u16(jpeg, sos + 2));
        return splice(jpeg, sof, scanHeader);
    }

    /** Where the first marker 0xFF{@code code} starts, walking segments from the SOI. */
    private static int indexOf(byte[] jpeg, int code) {
        int pos = 2;
        while (pos + 4 <= jpeg.length) {
            if ((jpeg[pos + 1] & 0xff) == code) {
                return pos;
            }
            pos += 2 + u16(jpeg, pos + 2);
        }
        throw new IllegalArgumentException("no marker 0xFF" + Integer.toHexString(code));
    }

    private static int u16(byte[] d, int at) {
        return (d[at] & 0xff) << 8 | d[at + 1] & 0xff;
    }

    private static byte[] splice(byte[] data, int at, byte[] inserted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(data, 0, at);
        out.writeBytes(inserted);
        out.write(data, at, data.length - at);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(name);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
