package dev.darkroom.photo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.support.Api;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.PhotoServer;
import dev.darkroom.support.TestImages;
import tools.jackson.databind.JsonNode;

/** The photo-processor workflow as its document tells it, photos served by a real local HTTP server. */
@IntegrationTest
class PhotoWorkflowIntegrationTest {

    static final PhotoServer server = start();
    /** Listens, then answers whatever comes with a line that is not HTTP, as an SSH server would. */
    static final NotAWebServer sshLike = NotAWebServer.start();
    /** A port nothing listens on. */
    static final int closedPort = NotAWebServer.freePort();

    static PhotoServer start() {
        try {
            return new PhotoServer();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void allowTheLocalPhotoServer(DynamicPropertyRegistry registry) {
        registry.add("darkroom.import.allowed-hosts", () -> "localhost:" + server.port() + ",localhost:" + sshLike.port()
                + ",localhost:" + closedPort + ",127.0.0.1:" + server.port());
        // One photo slot: were downloads to take it, one trickling server would stop all processing.
        registry.add("darkroom.photos.concurrency", () -> "1");
    }

    @AfterAll
    static void stop() {
        server.close();
        sshLike.close();
    }

    @Autowired
    WebTestClient client;

    @Test
    void registeredPhotosArePendingThenProcessedIntoThumbnailsOfAtMost320() {
        JsonNode registered = client.post().uri("/photos").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(Map.of("url", server.url("/photos/coffee.jpg")), Map.of("url", server.url("/moved/coffee.jpg"))))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(registered).hasSize(2);
        assertThat(registered.get(0).get("status").asString()).isEqualTo("pending");
        assertThat(registered.get(0).get("url").asString()).isEqualTo(server.url("/photos/coffee.jpg"));
        assertThat(registered.get(0).has("created_at")).isTrue();
        String first = registered.get(0).get("uuid").asString();
        String second = registered.get(1).get("uuid").asString();

        JsonNode pending = client.get().uri("/photos/pending").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(pending.valueStream().map(p -> p.get("uuid").asString())).contains(first, second);

        client.post().uri("/photos/process").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(first, second))
                .exchange()
                .expectStatus().isAccepted();

        for (String uuid : List.of(first, second)) {
            JsonNode done = awaitStatus(uuid, "completed");
            JsonNode thumbnails = done.get("thumbnails");
            assertThat(thumbnails).hasSize(1);
            JsonNode thumbnail = thumbnails.get(0);
            assertThat(thumbnail.get("width").asInt()).isEqualTo(320);
            assertThat(thumbnail.get("height").asInt()).isEqualTo(213);
            assertThat(thumbnail.get("photo_uuid").asString()).isEqualTo(uuid);
            assertThat(thumbnail.get("url").asString()).startsWith("thumbnails/" + uuid + "-").doesNotStartWith("/");

            byte[] stored = client.get().uri("/api/images/{id}/thumbnail", uuid).exchange()
                    .expectStatus().isOk()
                    .expectBody(byte[].class).returnResult().getResponseBody();
            assertThat(TestImages.decode(stored).getWidth()).isEqualTo(320);
            byte[] original = client.get().uri("/api/images/{id}/original", uuid).exchange()
                    .expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
            assertThat(original).isEqualTo(TestImages.photo("coffee.jpg"));
        }
        JsonNode stillPending = client.get().uri("/photos/pending").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(stillPending.valueStream().map(p -> p.get("uuid").asString())).doesNotContain(first, second);
    }

    @Test
    void anUnreachableOrNonImageUrlFailsThePhotoWithTheReason() {
        String missing = register(server.url("/nothing-here.jpg"));
        String text = register(server.url("/text.jpg"));
        process(missing, text);

        assertThat(awaitStatus(missing, "failed").get("error").asString()).contains("HTTP 404");
        assertThat(awaitStatus(text, "failed").get("error").asString()).contains("not a JPEG, PNG");
    }

    @Test
    void followsRedirectsOnlySoFar() {
        String moved = register(server.url("/moved/coffee.jpg"));
        String loop = register(server.url("/loop"));
        process(moved, loop);

        assertThat(awaitStatus(moved, "completed").get("thumbnails")).hasSize(1);
        assertThat(awaitStatus(loop, "failed").get("error").asString()).contains("more than 5 redirects");
    }

    /**
     * A client polling a photo takes "completed" as the sign to read its thumbnails. The photo and
     * its thumbnails were once read at the same time, so a read landing on the completing commit
     * could see the status completed and no thumbnail yet (CI caught it once).
     */
    @Test
    void aPhotoReadAsCompletedAlwaysHasItsThumbnail() throws InterruptedException {
        List<String> ids = java.util.stream.IntStream.range(0, 24)
                .mapToObj(i -> register(server.url("/photos/coffee.jpg"))).toList();
        java.util.Set<String> ended = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.Queue<String> withoutThumbnail = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<Thread> pollers = java.util.stream.IntStream.range(0, 4).mapToObj(t -> Thread.ofPlatform().start(() -> {
            while (ended.size() < ids.size() && System.nanoTime() < deadline) {
                for (String id : ids) {
                    if (ended.contains(id)) {
                        continue;
                    }
                    JsonNode photo = client.get().uri("/photos/{uuid}", id).exchange().expectStatus().isOk()
                            .expectBody(JsonNode.class).returnResult().getResponseBody();
                    reads.incrementAndGet();
                    String status = photo.get("status").asString();
                    if (status.equals("completed") && photo.get("thumbnails").isEmpty()) {
                        withoutThumbnail.add(id);
                    }
                    if (status.equals("completed") || status.equals("failed")) {
                        ended.add(id);
                    }
                }
            }
        })).toList();
        process(ids.toArray(String[]::new));
        for (Thread poller : pollers) {
            poller.join();
        }
        System.out.printf("%d reads while %d photos were processed%n", reads.get(), ids.size());
        assertThat(ended).as("photos ended").hasSize(ids.size());
        assertThat(withoutThumbnail).as("photos read as completed without a thumbnail").isEmpty();
    }

    @Test
    void everyUploadGetsItsThumbnailAndColoursAutomatically() {
        UUID id = new Api(client).uploadId("chelsea.jpg", TestImages.photo("chelsea.jpg"));
        JsonNode done = awaitStatus(id.toString(), "completed");
        assertThat(done.get("thumbnails").get(0).get("width").asInt()).isEqualTo(320);
        assertThat(done.get("thumbnails").get(0).get("height").asInt()).isEqualTo(213);
    }

    @Test
    void processNamesInvalidAndUnknownUuids() {
        client.post().uri("/photos/process").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of("not-a-uuid"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].pointer").isEqualTo("/0")
                .jsonPath("$.errors[0].detail").value(d -> assertThat((String) d).contains("not-a-uuid"));
        UUID unknown = UUID.randomUUID();
        client.post().uri("/photos/process").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(unknown.toString()))
                .exchange()
                .expectStatus().isNotFound()
                .expectBody()
                .jsonPath("$.type").isEqualTo("/problems/photo-not-found")
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains(unknown.toString()));
    }

    @Test
    void refusesUnsafeUrlsAtRegistration() {
        Map<String, String> refused = Map.of(
                "http://127.0.0.1:8080/a.jpg", "loopback",
                "http://10.1.2.3/a.jpg", "private",
                "http://169.254.169.254/latest/meta-data/", "link-local",
                "file:///etc/passwd", "only http and https",
                "ftp://example.com/a.jpg", "only http and https",
                "http://[::1]/a.jpg", "loopback");
        assertRefused(refused, "");
    }

    @Test
    void urlsThatTrickleDoNotDelayAnUploadedPhotosThumbnail() {
        // By address, not "localhost": the trickles then fill that host's download permits, not those
        // the other tests' downloads from localhost use.
        String first = register("http://127.0.0.1:" + server.port() + "/trickle.jpg");
        String second = register("http://127.0.0.1:" + server.port() + "/trickle.jpg?again");
        process(first, second);
        // Let both downloads begin: their bytes now come one every 10 s.
        await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
        long start = System.nanoTime();
        UUID uploaded = new Api(client).uploadId("chelsea.jpg", TestImages.photo("chelsea.jpg"));

        assertThat(awaitStatus(uploaded.toString(), "completed").get("thumbnails")).hasSize(1);
        System.out.printf("Uploaded photo's thumbnail ready in %d ms while two downloads trickled%n",
                (System.nanoTime() - start) / 1_000_000);
        for (String trickling : List.of(first, second)) {
            assertThat(client.get().uri("/photos/{uuid}", trickling).exchange().expectBody(JsonNode.class)
                    .returnResult().getResponseBody().get("status").asString()).isEqualTo("pending");
        }
    }

    @Test
    void oneRequestRegistersAtMostMaxUrlsAndTheProblemNamesTheLimit() {
        List<Map<String, String>> tooMany = java.util.stream.IntStream.range(0, 101)
                .mapToObj(i -> Map.of("url", "https://example.com/" + i + ".jpg")).toList();
        client.post().uri("/photos").contentType(MediaType.APPLICATION_JSON).bodyValue(tooMany)
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.type").isEqualTo("/problems/invalid-parameters")
                .jsonPath("$.errors[0].pointer").isEqualTo("")
                .jsonPath("$.errors[0].detail").value(d -> assertThat((String) d).contains("101").contains("at most 100")
                        .contains("max-urls"));
        client.post().uri("/photos").contentType(MediaType.APPLICATION_JSON).bodyValue(tooMany.subList(0, 100))
                .exchange()
                .expectStatus().isCreated();
    }

    /** Every block of the IANA special-purpose registries, by an address literal in the URL. */
    @Test
    void refusesEverySpecialPurposeRangeAtRegistration() {
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("http://192.0.2.10/a.jpg", "documentation");
        refused.put("http://198.51.100.10/a.jpg", "documentation");
        refused.put("http://203.0.113.10/a.jpg", "documentation");
        refused.put("http://192.88.99.1/a.jpg", "6to4 relay");
        refused.put("http://192.0.0.9/a.jpg", "IETF protocol");
        refused.put("http://198.19.0.1/a.jpg", "benchmarking");
        refused.put("http://100.64.0.1/a.jpg", "shared");
        refused.put("http://240.1.2.3/a.jpg", "reserved");
        refused.put("http://[100::1]/a.jpg", "discard-only");
        refused.put("http://[2001:db8::1]/a.jpg", "documentation");
        refused.put("http://[3fff::1]/a.jpg", "documentation");
        refused.put("http://[64:ff9b::a9fe:a9fe]/a.jpg", "169.254.169.254");
        refused.put("http://[64:ff9b::8.8.8.8]/a.jpg", "NAT64");
        refused.put("http://[64:ff9b:1::1]/a.jpg", "NAT64");
        refused.put("http://[2002:7f00:1::1]/a.jpg", "127.0.0.1");
        refused.put("http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/a.jpg", "Teredo");
        refused.put("http://[2001:2::1]/a.jpg", "IETF protocol");
        refused.put("http://[::127.0.0.1]/a.jpg", "IPv4-compatible");
        refused.put("http://[::a00:1]/a.jpg", "10.0.0.1");
        refused.put("http://[::ffff:127.0.0.1]/a.jpg", "loopback");
        refused.put("http://[::ffff:c000:0201]/a.jpg", "documentation");
        refused.put("http://[fc00::1]/a.jpg", "unique local");
        refused.put("http://[fec0::1]/a.jpg", "site-local");
        refused.put("http://[ff02::1]/a.jpg", "multicast");
        refused.put("http://[5f00::1]/a.jpg", "SRv6");
        assertRefused(refused, "only from public addresses");
    }

    /** Each URL is a 400 on /url whose detail says why (the map's value) and {@code alsoSaid} (may be empty). */
    private void assertRefused(Map<String, String> refused, String alsoSaid) {
        refused.forEach((url, why) -> client.post().uri("/photos").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", url))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].pointer").isEqualTo("/url")
                .jsonPath("$.errors[0].detail").value(d -> assertThat((String) d).as(url).contains(why).contains(alsoSaid)));
    }

    @Test
    void anHttpsUrlToAPlainHttpServerSaysTheHandshakeFailedAndNothingTheServerSent() {
        String tls = register("https://localhost:" + server.port() + "/photos/coffee.jpg");
        process(tls);

        String error = awaitStatus(tls, "failed").get("error").asString();
        assertThat(error).contains("TLS handshake failed").doesNotContainIgnoringCase("HTTP/1.1")
                .doesNotContainPattern("[0-9a-f]{16}").doesNotContain("Exception");
    }

    @Test
    void errorsDoNotTellAnOpenPortFromAClosedOne() {
        String open = register("http://localhost:" + sshLike.port() + "/a.jpg");
        String closed = register("http://localhost:" + closedPort + "/a.jpg");
        process(open, closed);

        String openError = awaitStatus(open, "failed").get("error").asString();
        String closedError = awaitStatus(closed, "failed").get("error").asString();
        assertThat(openError).doesNotContain("SSH").doesNotContain("Exception");
        assertThat(openError.replace(Integer.toString(sshLike.port()), "PORT"))
                .isEqualTo(closedError.replace(Integer.toString(closedPort), "PORT"));
    }

    @Test
    void refusesPrivateAddressesFoundOnlyAfterResolvingOrRedirecting() {
        // "localhost" resolves to loopback; only this server's port is allow-listed.
        String byName = register("http://localhost:" + (server.port() == 1 ? 2 : 1) + "/a.jpg");
        String toPrivate = register(server.url("/to-private"));
        String toMetadata = register(server.url("/to-metadata"));
        process(byName, toPrivate, toMetadata);

        assertThat(awaitStatus(byName, "failed").get("error").asString()).contains("127.0.0.1").contains("loopback");
        assertThat(awaitStatus(toPrivate, "failed").get("error").asString()).contains("10.0.0.7").contains("private");
        assertThat(awaitStatus(toMetadata, "failed").get("error").asString()).contains("169.254.169.254");
    }

    private String register(String url) {
        return client.post().uri("/photos").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", url))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("uuid").asString();
    }

    private void process(String... uuids) {
        client.post().uri("/photos/process").contentType(MediaType.APPLICATION_JSON).bodyValue(List.of(uuids))
                .exchange().expectStatus().isAccepted();
    }

    private JsonNode awaitStatus(String uuid, String status) {
        JsonNode[] last = new JsonNode[1];
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                last[0] = client.get().uri("/photos/{uuid}", uuid).exchange().expectStatus().isOk()
                        .expectBody(JsonNode.class).returnResult().getResponseBody();
                String now = last[0].get("status").asString();
                return now.equals(status) || now.equals("completed") || now.equals("failed");
            });
        } catch (org.awaitility.core.ConditionTimeoutException stuck) {
            // Say where it stuck: a photo still pending (never downloaded) and one still processing
            // (claimed, never finished) are different faults.
            throw new AssertionError("photo " + uuid + " not " + status + " within 30 s; last seen " + last[0], stuck);
        }
        assertThat(last[0].get("status").asString()).as("status of " + uuid + ": " + last[0]).isEqualTo(status);
        return last[0];
    }
}
