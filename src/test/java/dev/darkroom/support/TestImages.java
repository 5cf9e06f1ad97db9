package dev.darkroom.support;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.util.MultiValueMap;

public final class TestImages {

    private TestImages() {
    }

    /** A real photograph from src/test/resources/photos. */
    public static byte[] photo(String name) {
        try (InputStream in = TestImages.class.getResourceAsStream("/photos/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test photo " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A busy synthetic image of the given size, so that encoding has real work to do. */
    public static byte[] generated(int width, int height, String format) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | ((x ^ y) & 0xff));
            }
        }
        return encode(image, format);
    }

    /**
     * A PNG that is tiny on disk and huge in memory: {@code width}×{@code height} RGBA, one flat
     * colour, written row by row straight into the deflate stream, so making it costs no image in
     * memory. A 10950×10950 one (119.9 MP, just under the pixel limit) is about 470 KB and
     * decodes to 480 MB.
     */
    public static byte[] flatRgbaPng(int width, int height) {
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height)
                    .put((byte) 8).put((byte) 6).put((byte) 0).put((byte) 0).put((byte) 0);
            chunk(png, "IHDR", header.array());
            ByteArrayOutputStream deflated = new ByteArrayOutputStream();
            try (var out = new java.util.zip.DeflaterOutputStream(deflated, new java.util.zip.Deflater(9), 1 << 16)) {
                byte[] row = new byte[1 + width * 4];
                for (int x = 0; x < width; x++) {
                    row[1 + 4 * x] = (byte) 200;
                    row[2 + 4 * x] = (byte) 40;
                    row[3 + 4 * x] = (byte) 40;
                    row[4 + 4 * x] = (byte) 255;
                }
                for (int y = 0; y < height; y++) {
                    out.write(row);
                }
            }
            chunk(png, "IDAT", deflated.toByteArray());
            chunk(png, "IEND", new byte[0]);
            return png.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        byte[] name = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        crc.update(name);
        crc.update(data);
        png.write(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        png.write(name);
        png.write(data);
        png.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new IllegalArgumentException("not an image");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A multipart body with one part named {@code file} per (filename, bytes) pair. */
    public static MultiValueMap<String, org.springframework.http.HttpEntity<?>> files(Object... nameThenBytes) {
        MultipartBodyBuilder body = new MultipartBodyBuilder();
        for (int i = 0; i < nameThenBytes.length; i += 2) {
            String name = (String) nameThenBytes[i];
            byte[] bytes = (byte[]) nameThenBytes[i + 1];
            body.part("file", new ByteArrayResource(bytes) {
                @Override
                public String getFilename() {
                    return name;
                }
            }).contentType(MediaType.APPLICATION_OCTET_STREAM);
        }
        return body.build();
    }
}
