package dev.darkroom.gallery;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import dev.darkroom.progress.ProgressBus;
import dev.darkroom.progress.ProgressEvent;
import dev.darkroom.support.IntegrationTest;
import reactor.core.Disposable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A burst of events, one subscriber that cannot keep up: the others get everything, the slow one
 * loses its oldest events (counted), and nothing dies; the gallery keeps serving.
 */
@IntegrationTest
class GalleryBurstIntegrationTest {

    @Autowired
    GalleryEvents events;

    @Autowired
    ProgressBus progress;

    @Autowired
    MeterRegistry metrics;

    @Autowired
    tools.jackson.databind.json.JsonMapper json;

    @LocalServerPort
    int port;

    @Test
    void aBurstOfFiftyEventsWithOneSlowSubscriberLeavesTheLiveGalleryWorking() throws Exception {
        List<UUID> fast = new CopyOnWriteArrayList<>();
        List<UUID> slow = new CopyOnWriteArrayList<>();
        Disposable a = events.events().subscribe(event -> fast.add(event.imageId()));
        Disposable b = events.events().delayElements(Duration.ofMillis(100)).subscribe(event -> slow.add(event.imageId()));
        double droppedBefore = dropped();

        // The newest events are the ones a subscriber that fell behind keeps (its buffer drops the
        // oldest), so the burst ends with the fifty a fast subscriber must see.
        for (int i = 0; i < 300; i++) {
            events.deleted(dev.darkroom.security.Caller.DEFAULT_OWNER, UUID.randomUUID());
        }
        List<UUID> burst = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            UUID id = UUID.randomUUID();
            burst.add(id);
            events.deleted(dev.darkroom.security.Caller.DEFAULT_OWNER, id);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> fast.containsAll(burst));
        await().atMost(Duration.ofSeconds(60)).until(() -> dropped() > droppedBefore);
        a.dispose();
        b.dispose();

        try (GallerySocket socket = new GallerySocket(port, json)) {
            assertThat(socket.query(0, 1).path("queryId").asInt()).as("a new gallery still works").isEqualTo(1);
        }
    }

    /**
     * A client that stops reading while images keep coming (a stalled network, a frozen page):
     * what the service holds for it is bounded. Once {@link dev.darkroom.web.SocketOutbox#BACKLOG} frames
     * wait unsent it is closed, and a gallery that reads gets every image meanwhile. The stalled
     * client here is a raw socket with a small receive buffer, which reads its first page and
     * then nothing until the images are published.
     */
    @Test
    void aGalleryThatStopsReadingIsClosedOnceItIsFarBehindAndTheOthersGetEverything() throws Exception {
        int hue = 250;
        int published = 8 * dev.darkroom.web.SocketOutbox.BACKLOG;
        // Frames of about 2.5 kB, so that the kernel's socket buffers (4 MB at most) hold fewer
        // frames than are published.
        List<GalleryImage.Colour> colours = java.util.stream.IntStream.range(0, 60)
                .mapToObj(i -> new GalleryImage.Colour("#5533cc", hue, 1.0 / 60)).toList();
        try (java.net.Socket stalled = new java.net.Socket(); GallerySocket reading = new GallerySocket(port, json)) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new java.net.InetSocketAddress("localhost", port));
            stalled.setSoTimeout(30_000);
            java.io.OutputStream out = stalled.getOutputStream();
            java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(stalled.getInputStream()));
            out.write(("GET /ws/gallery HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 101");
            sendText(out, "{\"type\":\"query\",\"hue\":" + hue + ",\"queryId\":1}");
            assertThat(readFrame(in).text()).contains("\"type\":\"images\"");
            reading.query(hue, 1);

            UUID last = null;
            for (int i = 0; i < published; i++) {
                last = UUID.randomUUID();
                events.added(dev.darkroom.security.Caller.DEFAULT_OWNER, new GalleryImage(last, GalleryImage.thumbnailUrl(last),
                        320, 213, colours, java.time.Instant.now()));
                // About 3,000 a second, which a client that reads keeps up with.
                if (i % 32 == 31) {
                    Thread.sleep(10);
                }
            }
            UUID newest = last;
            reading.await(frame -> "added".equals(frame.path("type").asString())
                    && newest.toString().equals(frame.path("image").path("id").asString()), Duration.ofSeconds(30));

            // Reading again, the stalled client gets what was sent before it fell behind, then the close.
            int added = 0;
            Frame frame;
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while ((frame = readFrame(in)).opcode() != 8) {
                if (frame.opcode() == 1 && frame.text().contains("\"type\":\"added\"")) {
                    added++;
                }
                // Pings (every 30 s) would keep the read's own timeout from ending it.
                assertThat(System.nanoTime() - end).as("closed within 60 s; %d added frames read", added).isNegative();
            }
            assertThat(frame.closeCode()).isEqualTo(1008);
            assertThat(added).as("added frames before the close").isLessThan(published).isGreaterThan(0);
        }
    }

    private record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        }

        int closeCode() {
            return (payload[0] & 0xff) << 8 | payload[1] & 0xff;
        }
    }

    private static String readHead(java.io.DataInputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        return head.toString();
    }

    /** One frame from the server, which sends them unmasked and, here, unfragmented. */
    private static Frame readFrame(java.io.DataInputStream in) throws java.io.IOException {
        int opcode = in.readUnsignedByte() & 0x0f;
        long length = in.readUnsignedByte() & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        return new Frame(opcode, payload);
    }

    /** A client's frames are masked; this mask is all zeros, which leaves the bytes as they are. */
    private static void sendText(java.io.OutputStream out, String text) throws java.io.IOException {
        byte[] payload = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.write(new byte[] {(byte) 0x81, (byte) (0x80 | payload.length), 0, 0, 0, 0});
        out.write(payload);
        out.flush();
    }

    @Test
    void publishingProgressFromManyThreadsAtOnceNeverThrowsIntoTheWork() throws Exception {
        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                UUID job = UUID.randomUUID();
                for (int i = 0; i < 5_000; i++) {
                    try {
                        progress.publish(new ProgressEvent(job, ProgressEvent.RUNNING, i % 100, null));
                    } catch (Throwable e) {
                        thrown.add(e);
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(thrown).isEmpty();
    }

    private double dropped() {
        return metrics.find("darkroom.events.dropped").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
