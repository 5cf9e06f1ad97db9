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
