package dev.darkroom.security;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import dev.darkroom.support.Api;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.TestImages;
import dev.darkroom.support.TestSocket;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * An instance that asks for keys, as every instance does unless told otherwise: who may see, change
 * and follow what, from scripts, from the web app's session, and from pages on other sites.
 */
@IntegrationTest
@TestPropertySource(properties = {
        "darkroom.security.anonymous=false",
        "darkroom.security.bootstrap-key=" + SecurityIntegrationTest.ADMIN_KEY,
        "darkroom.security.rate-limit=40"})
class SecurityIntegrationTest {

    static final String ADMIN_KEY = "drk_test-admin-key-for-security-integration-tests";
    private static final String FOREIGN = "https://evil.example";

    @Autowired
    WebTestClient anonymous;

    @Autowired
    JsonMapper json;

    @LocalServerPort
    int port;

    WebTestClient admin;

    @BeforeEach
    void signedIn() {
        admin = as(ADMIN_KEY);
        // The bootstrap key is made once the database is there, a moment after startup.
        await().atMost(Duration.ofSeconds(30)).until(() -> anonymous.get().uri("/api/session")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY).exchange()
                .returnResult(String.class).getStatus().is2xxSuccessful());
    }

    private WebTestClient as(String key) {
        return anonymous.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key).build();
    }

    /** A key for a new owner, made by the admin. */
    private String newOwner(String name, String... scopes) {
        // The admin key is rate-limited like any other, so this waits when told to, as a client should.
        var answer = admin.post().uri("/api/keys").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name, "scopes", List.of(scopes)))
                .exchange().returnResult(JsonNode.class);
        while (answer.getStatus().value() == 429) {
            sleepSeconds(Long.parseLong(answer.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)));
            answer = admin.post().uri("/api/keys").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("name", name, "scopes", List.of(scopes)))
                    .exchange().returnResult(JsonNode.class);
        }
        assertThat(answer.getStatus().value()).isEqualTo(201);
        JsonNode made = answer.getResponseBody().blockFirst(Duration.ofSeconds(30));
        assertThat(made.get("key").asString()).startsWith("drk_");
        return made.get("key").asString();
    }

    private static void sleepSeconds(long seconds) {
        try {
            Thread.sleep(Duration.ofSeconds(seconds));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static byte[] solid(Color color) {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 64, 48);
        g.dispose();
        return TestImages.encode(image, "png");
    }

    @Test
    void withoutAKeyTheOwnersRoutesAnswer401AndSayHowToSendOne() {
        for (String path : List.of("/api/images", "/api/jobs", "/list", "/status", "/photos/pending", "/api/keys")) {
            anonymous.get().uri(path).exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer.*")
                    .expectBody()
                    .jsonPath("$.type").isEqualTo("/problems/unauthorized")
                    .jsonPath("$.detail").value(String.class, detail -> assertThat(detail).contains("Authorization: Bearer"));
        }
        anonymous.get().uri("/api/images").header(HttpHeaders.AUTHORIZATION, "Bearer drk_not-a-key-anyone-was-given")
                .exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.detail").value(String.class, detail -> assertThat(detail).contains("not known"));
        // What anyone may read without a key: the app, the operations, the probes, the problem pages.
        anonymous.get().uri("/api/operations").exchange().expectStatus().isOk();
        anonymous.get().uri("/actuator/health/readiness").exchange().expectStatus().is2xxSuccessful();
        anonymous.get().uri("/problems/unauthorized").exchange().expectStatus().isOk();
    }

    @Test
    void anOwnerNeitherSeesNorTouchesAnotherOwnersImagesJobsAndBatches() {
        WebTestClient alice = as(newOwner("alice", "read", "write"));
        WebTestClient bob = as(newOwner("bob", "read", "write"));
        Api aliceApi = new Api(alice);
        UUID image = aliceApi.uploadId("alice.png", solid(Color.RED));
        UUID job = aliceApi.submitId(image, "grayscale", Map.of());
        assertThat(aliceApi.awaitJob(job).get("status").asString()).isEqualTo("succeeded");
        String batch = alice.post().uri("/api/batches").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("images", List.of(Map.of("name", "a.png", "data",
                                java.util.Base64.getEncoder().encodeToString(solid(Color.BLUE)))),
                        "filters", List.of(Map.of("name", "BLUR"))))
                .exchange().expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString();

        for (String path : List.of("/api/images/" + image, "/api/images/" + image + "/original",
                "/api/images/" + image + "/thumbnail", "/api/jobs/" + job, "/api/jobs/" + job + "/result",
                "/api/jobs/" + job + "/events", "/api/batches/" + batch, "/api/batches/" + batch + "/events",
                "/image/" + image, "/image/" + image + "/original", "/photos/" + image)) {
            bob.get().uri(path).exchange().expectStatus().isNotFound();
        }
        bob.delete().uri("/api/images/{id}", image).exchange().expectStatus().isNotFound();
        bob.post().uri("/api/jobs/{id}/retry", job).exchange().expectStatus().isNotFound();
        bob.post().uri("/api/jobs/{id}/cancel", job).exchange().expectStatus().isNotFound();
        bob.post().uri("/api/batches/{id}/cancel", batch).exchange().expectStatus().isNotFound();
        bob.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("imageIds", List.of(image), "operation", "grayscale"))
                .exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.imageIds[0]").isEqualTo(image.toString());
        assertThat(ids(bob, "/api/images", "images")).doesNotContain(image.toString());
        assertThat(ids(bob, "/api/jobs", "jobs")).doesNotContain(job.toString());
        assertThat(bob.get().uri("/list").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody()).doesNotContain(image.toString());
        bob.get().uri("/status").exchange().expectStatus().isOk().expectBody().jsonPath("$.uploaded_count").isEqualTo(0);

        // Alice's things are all still there, and hers to see.
        alice.get().uri("/api/images/{id}", image).exchange().expectStatus().isOk();
        alice.get().uri("/api/jobs/{id}/result", job).exchange().expectStatus().isOk();
        assertThat(ids(alice, "/api/jobs", "jobs")).contains(job.toString());
        alice.get().uri("/status").exchange().expectStatus().isOk().expectBody().jsonPath("$.uploaded_count").isEqualTo(1);
    }

    private static List<String> ids(WebTestClient client, String path, String field) {
        JsonNode body = client.get().uri(path).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return body.get(field).valueStream().map(item -> item.get("id").asString()).toList();
    }

    @Test
    void aDeletedImagesJobResultsAreGone() {
        WebTestClient owner = as(newOwner("deleter", "read", "write"));
        Api api = new Api(owner);
        UUID image = api.uploadId("gone.png", solid(Color.GREEN));
        UUID job = api.submitId(image, "grayscale", Map.of());
        api.awaitJob(job);
        owner.delete().uri("/api/images/{id}", image).exchange().expectStatus().isNoContent();

        owner.get().uri("/api/jobs/{id}/result", job).exchange()
                .expectStatus().isEqualTo(HttpStatus.GONE)
                .expectBody().jsonPath("$.type").isEqualTo("/problems/image-deleted");
        owner.post().uri("/api/jobs/{id}/retry", job).exchange().expectStatus().isNotFound();
    }

    @Test
    void aKeyDoesOnlyWhatItsScopesAllow() {
        String writer = newOwner("scoped", "read", "write");
        WebTestClient reader = as(as(writer).post().uri("/api/keys").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "dashboard", "scopes", List.of("read")))
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("key").asString());

        reader.get().uri("/api/images").exchange().expectStatus().isOk();
        reader.post().uri("/api/images").contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(TestImages.files("r.png", solid(Color.RED)))
                .exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.needs").isEqualTo("write");
        // A key cannot make a key with more than it has, nor one for another owner.
        as(writer).post().uri("/api/keys").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "escalate", "scopes", List.of("admin")))
                .exchange().expectStatus().isForbidden();
        as(writer).post().uri("/api/keys").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "elsewhere", "scopes", List.of("read"), "owner", Caller.DEFAULT_OWNER))
                .exchange().expectStatus().isForbidden();
        // The instance's metrics are the admin's.
        as(writer).get().uri("/actuator/metrics").exchange().expectStatus().isForbidden();
        admin.get().uri("/actuator/metrics").exchange().expectStatus().isOk();
    }

    @Test
    void aRevokedKeyStopsWorkingAndItsSecretIsNeverShownAgain() {
        String key = newOwner("revoked", "read", "write");
        WebTestClient owner = as(key);
        JsonNode listed = owner.get().uri("/api/keys").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(listed.get("keys")).hasSize(1);
        JsonNode only = listed.get("keys").get(0);
        assertThat(only.has("key")).as("the secret is shown only when the key is made").isFalse();
        assertThat(listed.toString()).doesNotContain(key);
        String cookie = signIn(key);

        owner.delete().uri("/api/keys/{id}", only.get("id").asString()).exchange().expectStatus().isNoContent();

        owner.get().uri("/api/images").exchange().expectStatus().isUnauthorized();
        anonymous.get().uri("/api/images").cookie(AccessFilter.SESSION_COOKIE, cookie).exchange()
                .expectStatus().isUnauthorized();
    }

    private String signIn(String key) {
        var result = anonymous.post().uri("/api/session").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("key", key))
                .exchange()
                .expectStatus().isOk()
                .expectHeader().value(HttpHeaders.SET_COOKIE, header -> assertThat(header)
                        .contains(AccessFilter.SESSION_COOKIE + "=", "HttpOnly", "SameSite=Strict")
                        .doesNotContain(key))
                .expectBody(JsonNode.class).returnResult();
        return result.getResponseCookies().getFirst(AccessFilter.SESSION_COOKIE).getValue();
    }

    @Test
    void theWebAppSignsInWithAKeyAndOutAgain() {
        String key = newOwner("browser", "read", "write");
        UUID image = new Api(as(key)).uploadId("mine.png", solid(Color.ORANGE));
        String cookie = signIn(key);

        anonymous.get().uri("/api/session").cookie(AccessFilter.SESSION_COOKIE, cookie).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.keyName").isEqualTo("browser").jsonPath("$.anonymous").isEqualTo(false);
        anonymous.get().uri("/api/images/{id}", image).cookie(AccessFilter.SESSION_COOKIE, cookie).exchange()
                .expectStatus().isOk();

        anonymous.delete().uri("/api/session").cookie(AccessFilter.SESSION_COOKIE, cookie).exchange()
                .expectStatus().isNoContent()
                .expectHeader().value(HttpHeaders.SET_COOKIE, header -> assertThat(header).contains("Max-Age=0"));
        anonymous.get().uri("/api/images/{id}", image).cookie(AccessFilter.SESSION_COOKIE, cookie).exchange()
                .expectStatus().isUnauthorized();
        anonymous.post().uri("/api/session").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("key", "drk_wrong")).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aPageOnAnotherSiteCanNeitherChangeNorSignInEvenWithTheBrowsersCookie() {
        String key = newOwner("victim", "read", "write");
        UUID image = new Api(as(key)).uploadId("keep.png", solid(Color.CYAN));
        String cookie = signIn(key);

        anonymous.delete().uri("/api/images/{id}", image)
                .cookie(AccessFilter.SESSION_COOKIE, cookie)
                .header(HttpHeaders.ORIGIN, FOREIGN)
                .exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("/problems/cross-site-request");
        // A browser that sends no Origin on the request still says where it comes from.
        anonymous.delete().uri("/api/images/{id}", image)
                .cookie(AccessFilter.SESSION_COOKIE, cookie)
                .header("Sec-Fetch-Site", "cross-site")
                .exchange()
                .expectStatus().isForbidden();
        anonymous.post().uri("/api/session").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.ORIGIN, FOREIGN)
                .bodyValue(Map.of("key", key))
                .exchange()
                .expectStatus().isForbidden();
        anonymous.get().uri("/api/images/{id}", image).cookie(AccessFilter.SESSION_COOKIE, cookie).exchange()
                .expectStatus().isOk();

        // The service's own pages may.
        anonymous.delete().uri("/api/images/{id}", image)
                .cookie(AccessFilter.SESSION_COOKIE, cookie)
                .header(HttpHeaders.ORIGIN, "http://localhost:" + port)
                .header("Sec-Fetch-Site", "same-origin")
                .exchange()
                .expectStatus().isNoContent();
    }

    @Test
    void aPageOnAnotherSiteCannotOpenEitherWebSocket() {
        String cookie = signIn(newOwner("sockets", "read", "write"));
        for (String path : List.of("/ws/jobs", "/ws/gallery")) {
            HttpHeaders headers = new HttpHeaders();
            headers.add(HttpHeaders.COOKIE, AccessFilter.SESSION_COOKIE + "=" + cookie);
            headers.setOrigin(FOREIGN);
            assertThatThrownBy(() -> new ReactorNettyWebSocketClient()
                    .execute(URI.create("ws://localhost:" + port + path), headers, session -> session.close())
                    .block(Duration.ofSeconds(20)))
                    .as(path).hasMessageContaining("403");

            HttpHeaders none = new HttpHeaders();
            assertThatThrownBy(() -> new ReactorNettyWebSocketClient()
                    .execute(URI.create("ws://localhost:" + port + path), none, session -> session.close())
                    .block(Duration.ofSeconds(20)))
                    .as(path + " without credentials").hasMessageContaining("401");
        }
    }

    @Test
    void theJobSocketShowsEachOwnerOnlyItsOwnJobs() throws Exception {
        String aliceKey = newOwner("alice-ws", "read", "write");
        String bobKey = newOwner("bob-ws", "read", "write");
        Api alice = new Api(as(aliceKey));
        Api bob = new Api(as(bobKey));
        UUID aliceImage = alice.uploadId("a.png", solid(Color.RED));
        UUID bobImage = bob.uploadId("b.png", solid(Color.BLUE));
        UUID aliceEarlier = alice.submitId(aliceImage, "grayscale", Map.of());
        alice.awaitJob(aliceEarlier);

        try (TestSocket socket = socket("/ws/jobs", bobKey)) {
            socket.send(Map.of("type", "subscribe", "jobIds", List.of(aliceEarlier)));
            JsonNode refused = socket.awaitType("error");
            assertThat(refused.get("jobId").asString()).isEqualTo(aliceEarlier.toString());

            socket.send(Map.of("type", "subscribe", "all", true));
            UUID aliceJob = alice.submitId(aliceImage, "grayscale", Map.of());
            UUID bobJob = bob.submitId(bobImage, "grayscale", Map.of());
            alice.awaitJob(aliceJob);
            JsonNode bobsEnd = socket.await(frame -> bobJob.toString().equals(frame.path("jobId").asString())
                    && "succeeded".equals(frame.path("status").asString()), Duration.ofSeconds(60));
            assertThat(bobsEnd.get("progress").asInt()).isEqualTo(100);
            assertThat(socket.received()).noneMatch(frame -> frame.toString().contains(aliceJob.toString())
                    || frame.toString().contains(aliceEarlier.toString()) && !"error".equals(frame.path("type").asString()));
        }
    }

    @Test
    void aSocketAnswersTheFrameAClientSendsTheMomentItOpens() {
        // A key's first use here is the handshake, so the access filter reads it from the database
        // and the upgrade went on on the driver's thread. Before upgrades were moved to their
        // connection's event loop (HandshakesOnTheEventLoop), the frame a client sent on open (as
        // the web app's gallery does) was now and then dropped, and the client waited forever: in
        // CI's full run, and in 3 of 11 runs of this class after the gallery's.
        for (int i = 0; i < 20; i++) {
            try (TestSocket gallery = socket("/ws/gallery", newOwner("first-frame-gallery-" + i, "read"));
                 TestSocket jobs = socket("/ws/jobs", newOwner("first-frame-jobs-" + i, "read"))) {
                gallery.send(Map.of("type", "query", "hue", 0, "queryId", 1));
                jobs.send(Map.of("type", "subscribe", "jobIds", List.of("not-a-job")));
                assertThat(gallery.await(frame -> "images".equals(frame.path("type").asString()), Duration.ofSeconds(10))
                        .path("images").isEmpty()).isTrue();
                assertThat(jobs.await(frame -> "error".equals(frame.path("type").asString()), Duration.ofSeconds(10))
                        .path("message").asString()).contains("not-a-job");
            }
        }
    }

    @Test
    void theGalleryShowsEachOwnerOnlyItsOwnImagesAndDeletesOnlyThose() throws Exception {
        String aliceKey = newOwner("alice-gallery", "read", "write");
        String bobKey = newOwner("bob-gallery", "read", "write");
        UUID red = new Api(as(aliceKey)).uploadId("red.png", solid(Color.RED));
        await().atMost(Duration.ofSeconds(60)).until(() -> "completed".equals(as(aliceKey).get().uri("/api/images/{id}", red)
                .exchange().expectBody(JsonNode.class).returnResult().getResponseBody().path("status").asString()));

        try (TestSocket bob = socket("/ws/gallery", bobKey); TestSocket alice = socket("/ws/gallery", aliceKey)) {
            bob.send(Map.of("type", "query", "hue", 0, "queryId", 1));
            assertThat(bob.awaitType("images").toString())
                    .doesNotContain(red.toString());
            alice.send(Map.of("type", "query", "hue", 0, "queryId", 1));
            assertThat(alice.awaitType("images").toString())
                    .contains(red.toString());

            bob.send(Map.of("type", "delete", "id", red.toString()));
            assertThat(bob.awaitType("error").toString())
                    .contains(red.toString());
            as(aliceKey).get().uri("/api/images/{id}", red).exchange().expectStatus().isOk();
            assertThat(alice.received()).noneMatch(frame -> "deleted".equals(frame.path("type").asString()));
        }
    }

    @Test
    void aKeyThatSendsTooManyRequestsIsToldToWait() {
        WebTestClient busy = as(newOwner("busy", "read"));
        List<Integer> statuses = Flux.range(0, 200)
                .flatMap(i -> Mono.fromCallable(() -> busy.get().uri("/api/session").exchange()
                                .returnResult(String.class).getStatus().value())
                        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), 32)
                .collectList()
                .block(Duration.ofSeconds(120));
        // /api/session is open, so it is not counted: only the owner's routes are.
        assertThat(statuses).containsOnly(200);

        List<JsonNode> answers = Flux.range(0, 200)
                .flatMap(i -> Mono.fromCallable(() -> busy.get().uri("/api/images?limit=1").exchange()
                                .returnResult(JsonNode.class))
                        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), 32)
                .filter(result -> result.getStatus().value() == 429)
                .map(result -> {
                    assertThat(result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
                    return result.getResponseBody().blockFirst(Duration.ofSeconds(10));
                })
                .collectList()
                .block(Duration.ofSeconds(120));
        assertThat(answers).isNotEmpty();
        assertThat(answers.getFirst().get("type").asString()).isEqualTo("/problems/rate-limited");
        // Another key is not held back by this one.
        admin.get().uri("/api/images?limit=1").exchange().expectStatus().isOk();
    }

    /** A WebSocket client for one owner, as the web app is once signed in. */
    private TestSocket socket(String path, String key) {
        return new TestSocket(port, path, key, json);
    }
}
