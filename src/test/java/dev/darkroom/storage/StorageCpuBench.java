package dev.darkroom.storage;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import okhttp3.OkHttpClient;

/**
 * CPU per stored object, client and embedded server together (both run in this process), for
 * the MinIO client's own putObject, which the adapter used before, and for the adapter as it
 * is, side by side in alternating rounds. Objects are the sizes the bulk workload stores: an
 * original of about 110 kB and a thumbnail of about 20 kB, each read back once.
 *
 * <pre>
 * mvn -B -o -q -Dskip.web test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.darkroom.storage.StorageCpuBench [objects] [rounds]
 * </pre>
 */
final class StorageCpuBench {

    private StorageCpuBench() {
    }

    public static void main(String[] args) throws Exception {
        int objects = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("storage-cpu-bench");
        StorageProperties properties = new StorageProperties(null, "bench", "darkroom", "darkroom-secret", "us-east-1",
                new StorageProperties.Embedded(dir, "127.0.0.1", 0, 0),
                new StorageProperties.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30)),
                org.springframework.util.unit.DataSize.ofBytes(0));
        EmbeddedS3Server server = new EmbeddedS3Server(properties);
        OkHttpClient http = new OkHttpClient();
        MinioImageStore adapter = StorageConfiguration.store(server.endpoint(), properties, http,
                PayloadIntegrity.forEndpoint(server.endpoint()));
        MinioClient library = MinioClient.builder().endpoint(server.endpoint().toString()).region("us-east-1")
                .credentials(properties.accessKey(), properties.secretKey()).httpClient(http, false).build();
        adapter.check().block();
        byte[][] bodies = new byte[objects][];
        Random random = new Random(1);
        for (int i = 0; i < objects; i++) {
            bodies[i] = new byte[i % 2 == 0 ? 110_000 : 20_000];
            random.nextBytes(bodies[i]);
        }
        System.out.printf("%d objects a round (110 kB and 20 kB), CPU ms per object, client and server%n", objects);
        System.out.printf("%-8s %16s %16s %16s %16s%n", "round", "library put", "adapter put", "library put+get",
                "adapter put+get");
        double[] totals = new double[4];
        for (int round = 0; round <= rounds; round++) {
            double[] ms = new double[4];
            for (int variant = 0; variant < 2; variant++) {
                boolean viaAdapter = variant == 1;
                long start = cpuNanos();
                for (int i = 0; i < objects; i++) {
                    String key = "r" + round + "/" + variant + "/" + i;
                    if (viaAdapter) {
                        adapter.put(key, new ByteArrayInputStream(bodies[i]), "image/jpeg").block();
                    } else {
                        library.putObject(PutObjectArgs.builder().bucket(properties.bucket()).object(key)
                                .contentType("image/jpeg").stream(new ByteArrayInputStream(bodies[i]), -1L,
                                        (long) MinioImageStore.PART_SIZE).build());
                    }
                }
                long put = cpuNanos();
                for (int i = 0; i < objects; i++) {
                    adapter.readAllBytes("r" + round + "/" + variant + "/" + i).block();
                }
                long got = cpuNanos();
                ms[variant] = (put - start) / 1e6 / objects;
                ms[2 + variant] = (got - start) / 1e6 / objects;
            }
            // Round 0 warms up the JIT and is not counted.
            System.out.printf("%-8s %16.3f %16.3f %16.3f %16.3f%n", round == 0 ? "warm-up" : round,
                    ms[0], ms[1], ms[2], ms[3]);
            for (int i = 0; round > 0 && i < 4; i++) {
                totals[i] += ms[i] / rounds;
            }
        }
        System.out.printf("%-8s %16.3f %16.3f %16.3f %16.3f%n", "mean", totals[0], totals[1], totals[2], totals[3]);
        System.out.printf("adapter / library: put %.2f, put+get %.2f%n", totals[1] / totals[0], totals[3] / totals[2]);
        server.destroy();
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
