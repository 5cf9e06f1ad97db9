package dev.darkroom.bench;

import java.awt.image.BufferedImage;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.darkroom.image.ImageDecoder;
import dev.darkroom.operation.Operation;
import dev.darkroom.operation.Operations;
import dev.darkroom.operation.Output;
import dev.darkroom.operation.Params;
import dev.darkroom.operation.Progress;
import dev.darkroom.operation.Thumbnail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every operation on a 4 MP photo, and decoding and thumbnailing from JPEG bytes at 4 and 14 MP.
 * {@code mvn -Pbench -Dskip.web test-compile exec:exec}; see src/bench/README.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class OperationBenchmarks {

    @State(Scope.Benchmark)
    public static class Jpeg {
        @Param({"4mp", "14mp"})
        public String size;
        byte[] bytes;

        @Setup(Level.Trial)
        public void load() throws Exception {
            bytes = BenchPhotos.jpeg(size);
        }
    }

    @State(Scope.Benchmark)
    public static class Pixels {
        BufferedImage photo;
        Operation grayscale;
        Operation gaussianBlur5;
        Operation medianFilter3;
        Operation ascii;
        Operation colors;

        @Setup(Level.Trial)
        public void load() throws Exception {
            photo = ImageDecoder.decode(BenchPhotos.jpeg("4mp"), Progress.NONE);
            grayscale = operation("grayscale", "{}");
            gaussianBlur5 = operation("filter", "{\"name\":\"GaussianBlur\",\"radius\":5}");
            medianFilter3 = operation("filter", "{\"name\":\"MedianFilter\",\"size\":3}");
            ascii = operation("ascii", "{}");
            colors = operation("colors", "{}");
        }

        private static Operation operation(String name, String params) {
            return Operations.find(name).orElseThrow()
                    .from(Params.of(JsonMapper.builder().build().readTree(params), "/params"));
        }
    }

    private static final Thumbnail THUMBNAIL = new Thumbnail(320, 320);

    @Benchmark
    public BufferedImage decode(Jpeg jpeg) {
        return ImageDecoder.decode(jpeg.bytes, Progress.NONE);
    }

    /** As a job runs it: a subsampled decode, then the fit. */
    @Benchmark
    public Output thumbnail(Jpeg jpeg) {
        return THUMBNAIL.apply(ImageDecoder.decode(jpeg.bytes, THUMBNAIL.decodeHint(), Progress.NONE), Progress.NONE);
    }

    /** From pixels already decoded at full size, as a PNG, WebP or TIFF is: a box reduction, then one bicubic step. */
    @Benchmark
    public Output thumbnailOfPixels(Pixels pixels) {
        return THUMBNAIL.apply(pixels.photo, Progress.NONE);
    }

    @Benchmark
    public Output grayscale(Pixels pixels) {
        return pixels.grayscale.apply(pixels.photo, Progress.NONE);
    }

    @Benchmark
    public Output gaussianBlur5(Pixels pixels) {
        return pixels.gaussianBlur5.apply(pixels.photo, Progress.NONE);
    }

    @Benchmark
    public Output medianFilter3(Pixels pixels) {
        return pixels.medianFilter3.apply(pixels.photo, Progress.NONE);
    }

    @Benchmark
    public Output ascii(Pixels pixels) {
        return pixels.ascii.apply(pixels.photo, Progress.NONE);
    }

    @Benchmark
    public Output colors(Pixels pixels) {
        return pixels.colors.apply(pixels.photo, Progress.NONE);
    }
}
