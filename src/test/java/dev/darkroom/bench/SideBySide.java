package dev.darkroom.bench;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.darkroom.image.ImageDecoder;
import dev.darkroom.image.ImageEncoder;
import dev.darkroom.operation.Operation;
import dev.darkroom.operation.Operations;
import dev.darkroom.operation.Params;
import dev.darkroom.operation.Progress;
import dev.darkroom.operation.Thumbnail;
import dev.darkroom.operation.filter.FilterOperation;
import tools.jackson.databind.json.JsonMapper;

/**
 * Darkroom's half of src/bench/compare.sh: the same cases, by the same names, as pillow_bench.py
 * and sharp_bench.mjs, timed the same way (warm up, then the median of repeated runs), printed as
 * "case<TAB>milliseconds". Not a JMH benchmark on purpose: the three tools must be timed alike,
 * and the Python and Node sides have no JMH.
 *
 * <p>Run: {@code java -cp target/test-classes:target/classes:$(deps) dev.darkroom.bench.SideBySide target/bench}
 */
public final class SideBySide {

    private SideBySide() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/bench");
        byte[] jpeg4 = Files.readAllBytes(dir.resolve("photo-4mp.jpg"));
        byte[] jpeg14 = Files.readAllBytes(dir.resolve("photo-14mp.jpg"));
        BufferedImage pixels4 = ImageDecoder.decode(jpeg4, Progress.NONE);
        Thumbnail thumbnail = new Thumbnail(320, 320);
        Operation grayscale = operation("grayscale", "{}");
        Operation blur = FilterOperation.from(Params.of(JsonMapper.builder().build()
                .readTree("{\"name\":\"GaussianBlur\",\"radius\":5}"), "/params"));
        Operation median = FilterOperation.from(Params.of(JsonMapper.builder().build()
                .readTree("{\"name\":\"MedianFilter\",\"size\":3}"), "/params"));
        Operation ascii = operation("ascii", "{}");
        Operation colors = operation("colors", "{}");

        Map<String, Supplier<Object>> cases = new LinkedHashMap<>();
        cases.put("thumbnail-4mp", () -> thumbnail.apply(
                ImageDecoder.decode(jpeg4, thumbnail.decodeHint(), Progress.NONE), Progress.NONE));
        cases.put("thumbnail-14mp", () -> thumbnail.apply(
                ImageDecoder.decode(jpeg14, thumbnail.decodeHint(), Progress.NONE), Progress.NONE));
        cases.put("decode-4mp", () -> ImageDecoder.decode(jpeg4, Progress.NONE));
        cases.put("decode-14mp", () -> ImageDecoder.decode(jpeg14, Progress.NONE));
        for (String name : List.of("5k", "5k-progressive", "icc", "24mp")) {
            byte[] jpeg = Files.readAllBytes(dir.resolve("photo-" + name + ".jpg"));
            cases.put("thumbnail-" + name, () -> thumbnail.apply(
                    ImageDecoder.decode(jpeg, thumbnail.decodeHint(), Progress.NONE), Progress.NONE));
            cases.put("decode-" + name, () -> ImageDecoder.decode(jpeg, Progress.NONE));
        }
        cases.put("grayscale-4mp", () -> grayscale.apply(pixels4, Progress.NONE));
        cases.put("gaussian-blur-5-4mp", () -> blur.apply(pixels4, Progress.NONE));
        cases.put("median-filter-3-4mp", () -> median.apply(pixels4, Progress.NONE));
        cases.put("ascii-4mp", () -> ascii.apply(pixels4, Progress.NONE));
        cases.put("colors-4mp", () -> colors.apply(pixels4, Progress.NONE));
        // WebP at quality 80, libwebp's default effort (method 4) on both sides: encode time, and size.
        cases.put("webp-q80-encode-4mp", () -> ImageEncoder.encode(pixels4, ImageEncoder.Format.WEBP, 80, Progress.NONE));

        List<String> only = args.length > 1 ? Arrays.asList(args).subList(1, args.length) : List.of();
        for (var entry : cases.entrySet()) {
            if (only.isEmpty() || only.contains(entry.getKey())) {
                System.out.printf(java.util.Locale.ROOT, "%s\t%.1f%n", entry.getKey(), median(entry.getValue()));
            }
        }
        if (only.isEmpty() || only.contains("webp-q80-size-kb-4mp")) {
            // Not a time: the encoded size in KB, printed the same way so the table sets it side by side.
            System.out.printf(java.util.Locale.ROOT, "%s\t%.1f%n", "webp-q80-size-kb-4mp",
                    ImageEncoder.encode(pixels4, ImageEncoder.Format.WEBP, 80, Progress.NONE).length / 1024.0);
        }
    }

    private static Operation operation(String name, String params) {
        return Operations.find(name).orElseThrow().from(Params.of(JsonMapper.builder().build().readTree(params), "/params"));
    }

    /**
     * Warm up for a second (the JIT needs it; Pillow and sharp need none), then time for two.
     * With CLOCK=cpu, the process's CPU time (all its threads, GC included) rather than the wall
     * clock: on a machine whose cores other work keeps busy, that is the figure that holds still.
     */
    static double median(Supplier<Object> work) {
        boolean cpu = "cpu".equals(System.getenv("CLOCK"));
        // CPU time counts the JIT's own threads too: warm up longer so they have finished. On a
        // busy machine they get a share of 3 s of wall clock too small to finish in, so with the
        // CPU clock warming goes on (up to 30 s) until half a second passes with no compiling.
        long warmUntil = System.nanoTime() + (cpu ? 3_000_000_000L : 1_000_000_000L);
        int warm = 0;
        while (warm < 3 || System.nanoTime() < warmUntil) {
            blackhole(work.get());
            warm++;
        }
        if (cpu) {
            var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
            long giveUp = System.nanoTime() + 30_000_000_000L;
            long compiled = jit.getTotalCompilationTime();
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < 500_000_000L && System.nanoTime() < giveUp) {
                blackhole(work.get());
                long now = jit.getTotalCompilationTime();
                if (now != compiled) {
                    compiled = now;
                    quietSince = System.nanoTime();
                }
            }
        }
        List<Double> times = new ArrayList<>();
        long until = System.nanoTime() + 2_000_000_000L;
        while (times.size() < 5 || (System.nanoTime() < until && times.size() < 30)) {
            long start = cpu ? ProcessCpu.nanos() : System.nanoTime();
            blackhole(work.get());
            times.add(((cpu ? ProcessCpu.nanos() : System.nanoTime()) - start) / 1e6);
        }
        times.sort(null);
        return times.get(times.size() / 2);
    }

    /** clock_gettime(CLOCK_PROCESS_CPUTIME_ID): the JDK's own process CPU time counts in 10 ms steps. */
    private static final class ProcessCpu {
        private static final java.lang.invoke.MethodHandle CLOCK_GETTIME = java.lang.foreign.Linker.nativeLinker()
                .downcallHandle(java.lang.foreign.Linker.nativeLinker().defaultLookup().find("clock_gettime").orElseThrow(),
                        java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_INT,
                                java.lang.foreign.ValueLayout.JAVA_INT, java.lang.foreign.ValueLayout.ADDRESS));
        private static final java.lang.foreign.MemorySegment TIMESPEC = java.lang.foreign.Arena.global().allocate(16, 8);

        static synchronized long nanos() {
            try {
                int ignored = (int) CLOCK_GETTIME.invokeExact(2, TIMESPEC);   // CLOCK_PROCESS_CPUTIME_ID
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
            return TIMESPEC.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0) * 1_000_000_000L
                    + TIMESPEC.get(java.lang.foreign.ValueLayout.JAVA_LONG, 8);
        }
    }

    private static volatile Object sink;

    private static void blackhole(Object result) {
        sink = result;
    }
}
