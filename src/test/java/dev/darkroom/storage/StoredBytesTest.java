package dev.darkroom.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * What a user relies on when a photo is stored: the bytes read back are the bytes sent, whatever
 * their size, and a body damaged or cut short on its way is refused rather than kept. Both ways
 * of checking a body ({@link PayloadIntegrity}) are tried against the embedded S3 server.
 */
class StoredBytesTest {

    /** Not the pixel threads' 10, so that no other thread of this JVM passes for the store's. */
    private static final int STORE_NICE = 7;

    @TempDir
    static Path dataDir;

    static EmbeddedS3Server server;
    static StorageProperties properties;

    @BeforeAll
    static void start() throws Exception {
        properties = new StorageProperties(null, "stored-bytes", "darkroom", "darkroom-secret", "us-east-1",
                new StorageProperties.Embedded(dataDir, "127.0.0.1", 0, STORE_NICE),
                new StorageProperties.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30)),
                org.springframework.util.unit.DataSize.ofBytes(0));
        server = new EmbeddedS3Server(properties);
    }

    @AfterAll
    static void stop() throws Exception {
        server.destroy();
    }

    private static ImageStore store(PayloadIntegrity integrity, Interceptor... onTheWire) {
        OkHttpClient.Builder http = new OkHttpClient.Builder();
        for (Interceptor interceptor : onTheWire) {
            http.addNetworkInterceptor(interceptor);
        }
        return StorageConfiguration.store(server.endpoint(), properties, http.build(), integrity);
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] readBack(ImageStore store, String key) {
        return DataBufferUtils.join(store.read(key)).map(buffer -> {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            DataBufferUtils.release(buffer);
            return bytes;
        }).defaultIfEmpty(new byte[0]).block();
    }

    @ParameterizedTest
    @EnumSource(PayloadIntegrity.class)
    void whatIsStoredReadsBackByteForByteWhateverItsSize(PayloadIntegrity integrity) {
        ImageStore store = store(integrity);
        int part = MinioImageStore.PART_SIZE;
        int[] sizes = {0, 1, 150_000, part - 1, part, part + 1, 2 * part + 12_345};
        for (int size : sizes) {
            byte[] original = randomBytes(size, size);
            String streamed = integrity + "/streamed-" + size;
            String whole = integrity + "/whole-" + size;
            store.put(streamed, new ByteArrayInputStream(original), "image/jpeg").block();
            store.put(whole, original, "image/jpeg").block();
            assertThat(store.readAllBytes(streamed).block()).as("%d bytes streamed in", size).isEqualTo(original);
            assertThat(readBack(store, streamed)).as("%d bytes streamed in and out", size).isEqualTo(original);
            assertThat(store.readAllBytes(whole).block()).as("%d bytes sent whole", size).isEqualTo(original);
        }
    }

    /**
     * The S3 client's dispatcher threads are not daemons. Left alone after a stop, they kept the
     * JVM of an instance stopped over JMX (as the e2e build stops its service) alive for a minute,
     * and the next start found its ports taken.
     */
    @Test
    void aClosedStoreLeavesNoThreadThatKeepsTheProcessAlive() throws InterruptedException {
        OkHttpClient http = new OkHttpClient();
        ImageStore store = StorageConfiguration.store(server.endpoint(), properties, http, PayloadIntegrity.CONTENT_MD5);
        store.put("closing/a", randomBytes(70_000, 1), "image/jpeg").block();
        assertThat(readBack(store, "closing/a")).hasSize(70_000);
        assertThat(http.connectionPool().connectionCount()).as("a pooled connection before").isPositive();

        store.close();

        assertThat(http.dispatcher().executorService().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS))
                .as("the dispatcher's threads have ended").isTrue();
        assertThat(http.connectionPool().connectionCount()).as("pooled connections").isZero();
    }

    /**
     * The embedded store stands in for a process of its own: while it writes a bulk upload's
     * originals, requests for a photo's status must not wait behind it for a time slice.
     */
    @Test
    void theEmbeddedStoreServesAtTheLowerPriorityConfigured() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "nice is per thread on Linux");
        ImageStore store = store(PayloadIntegrity.CONTENT_MD5);
        for (int i = 0; i < 20; i++) {
            store.put("priority/" + i, randomBytes(10_000, i), "image/jpeg").block();
            store.readAllBytes("priority/" + i).block();
        }
        java.util.Map<String, Integer> niceByThread = new java.util.TreeMap<>();
        try (var tasks = java.nio.file.Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = java.nio.file.Files.readString(task.resolve("stat"));
                } catch (java.nio.file.NoSuchFileException ended) {
                    continue;
                }
                // pid (comm) state ...: the nice value is the 19th field, the 17th after the name.
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                niceByThread.put(task.getFileName() + " " + name, Integer.parseInt(fields[16]));
            }
        }
        assertThat(niceByThread).as("threads of this JVM and their nice values")
                .anySatisfy((thread, nice) -> {
                    assertThat(thread).as("a thread of the store's server").contains("S3Proxy-Jetty");
                    assertThat(nice).isEqualTo(STORE_NICE);
                });
        // Not asserted: that no other thread is lowered. Linux gives a new thread its creator's
        // nice value, so a pool's thread started from a lowered one (boundedElastic, OkHttp's
        // dispatcher, when a conversion thread is the first to need one) is lowered too; with
        // other contexts of the suite in this JVM, such threads are here.
    }

    @ParameterizedTest
    @EnumSource(PayloadIntegrity.class)
    void aBodyDamagedOnTheWayIsRefusedAndNothingIsKept(PayloadIntegrity integrity) {
        for (int size : new int[] {150_000, MinioImageStore.PART_SIZE + 10}) {
            String key = integrity + "/damaged-" + size;
            AtomicInteger damaged = new AtomicInteger();
            ImageStore store = store(integrity, changeBodiesOf(key, damaged, bytes -> {
                byte[] copy = bytes.clone();
                copy[copy.length / 2] ^= 0x01;
                return copy;
            }));
            assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(randomBytes(size, 7)), "image/jpeg").block())
                    .isInstanceOf(StorageException.class);
            assertThat(damaged).as("a body was damaged").hasPositiveValue();
            assertThatThrownBy(() -> store(integrity).readAllBytes(key).block())
                    .isInstanceOf(ObjectNotFoundException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(PayloadIntegrity.class)
    void aBodyCutShortIsRefusedAndNothingIsKept(PayloadIntegrity integrity) {
        String key = integrity + "/cut-short";
        AtomicInteger cut = new AtomicInteger();
        ImageStore store = store(integrity, changeBodiesOf(key, cut,
                bytes -> java.util.Arrays.copyOf(bytes, bytes.length - 1000)));
        assertThatThrownBy(() -> store.put(key, randomBytes(150_000, 9), "image/jpeg").block())
                .isInstanceOf(StorageException.class);
        assertThat(cut).as("a body was cut short").hasPositiveValue();
        assertThatThrownBy(() -> store(integrity).readAllBytes(key).block())
                .isInstanceOf(ObjectNotFoundException.class);
    }

    @ParameterizedTest
    @EnumSource(PayloadIntegrity.class)
    void eachBodyCarriesOneCheckThatTheStoreVerifies(PayloadIntegrity integrity) {
        java.util.List<okhttp3.Headers> puts = new java.util.concurrent.CopyOnWriteArrayList<>();
        ImageStore store = store(integrity, chain -> {
            if ("PUT".equals(chain.request().method()) && chain.request().url().encodedPath().contains("/checked-")) {
                puts.add(chain.request().headers());
            }
            return chain.proceed(chain.request());
        });
        store.put(integrity + "/checked-whole", randomBytes(150_000, 3), "image/jpeg").block();
        store.put(integrity + "/checked-parts", new ByteArrayInputStream(randomBytes(MinioImageStore.PART_SIZE + 1, 4)),
                "image/jpeg").block();
        assertThat(puts).hasSize(3);
        for (okhttp3.Headers headers : puts) {
            java.util.List<String> checksums = headers.names().stream()
                    .filter(name -> name.toLowerCase(java.util.Locale.ROOT).startsWith("x-amz-checksum-")).toList();
            if (integrity == PayloadIntegrity.SIGNED) {
                assertThat(headers.get("X-Amz-Content-Sha256")).hasSize(64);
                assertThat(headers.get("Content-MD5")).isNull();
            } else {
                assertThat(headers.get("X-Amz-Content-Sha256")).isEqualTo("UNSIGNED-PAYLOAD");
                assertThat(headers.get("Content-MD5")).isNotBlank();
                assertThat(checksums).isEmpty();
            }
        }
    }

    /** Rewrites the body of every PUT to {@code key} after the client has signed the request. */
    private static Interceptor changeBodiesOf(String key, AtomicInteger changed, UnaryOperator<byte[]> change) {
        return chain -> {
            Request request = chain.request();
            if (!"PUT".equals(request.method()) || !request.url().encodedPath().endsWith(key)
                    || request.body() == null) {
                return chain.proceed(request);
            }
            byte[] sent = change.apply(bodyOf(request.body()));
            changed.incrementAndGet();
            return chain.proceed(request.newBuilder()
                    .header("Content-Length", Integer.toString(sent.length))
                    .put(RequestBody.create(sent, request.body().contentType()))
                    .build());
        };
    }

    private static byte[] bodyOf(RequestBody body) throws IOException {
        Buffer buffer = new Buffer();
        body.writeTo(buffer);
        return buffer.readByteArray();
    }
}
