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
