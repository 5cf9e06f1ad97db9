package dev.darkroom.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The 4 and 14 MP JPEGs that src/bench/make_photos.py writes into target/bench. */
final class BenchPhotos {

    private BenchPhotos() {
    }

    static byte[] jpeg(String size) throws IOException {
        Path file = Path.of(System.getProperty("darkroom.bench.dir", "target/bench"), "photo-" + size + ".jpg");
        if (!Files.exists(file)) {
            throw new IllegalStateException(file + " is missing: run /usr/bin/python3 src/bench/make_photos.py first");
        }
        return Files.readAllBytes(file);
    }
}
