package dev.darkroom.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.support.Api;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.TestImages;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks against a real receiver on loopback: events arrive signed so a receiver can verify them,
 * a failing receiver is retried and then given up on, private addresses are refused both when a URL
 * is registered and when a delivery connects, and an owner sees only its own endpoints and deliveries.
 * Retries are quick here (200 ms, doubling to 1 s; three attempts) so the whole schedule runs.
 * The context is closed afterwards: no other class shares its settings, and its database
 * connections are better given back to the tests that follow.
 */
@IntegrationTest
@DirtiesContext
@TestPropertySource(properties = {
        "darkroom.security.anonymous=false",
        "darkroom.security.bootstrap-key=" + WebhookIntegrationTest.ADMIN_KEY,
        "darkroom.webhooks.max-attempts=3",
        "darkroom.webhooks.first-retry=200ms",
        "darkroom.webhooks.max-retry=1s",
        "darkroom.webhooks.poll-interval=100ms",
        "darkroom.webhooks.timeout=3s"})
class WebhookIntegrationTest {

    static final String ADMIN_KEY = "drk_test-admin-key-for-webhook-integration-tests";
    static final Receiver receiver = start();

    @Autowired
    WebTestClient anonymous;

    @Autowired
    DatabaseClient db;

    @Autowired
    JsonMapper json;

    @Autowired
    WebhookDispatcher dispatcher;

    WebTestClient owner;
    Api api;

    private static Receiver start() {
        try {
            return new Receiver();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void receiverIsAllowed(DynamicPropertyRegistry registry) {
        registry.add("darkroom.webhooks.allowed-hosts", () -> "localhost:" + receiver.port());
        registry.add("darkroom.import.allowed-hosts", () -> "localhost:" + receiver.port());
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @BeforeEach
    void signedIn() {
        await().atMost(Duration.ofSeconds(30)).until(() -> anonymous.get().uri("/api/session")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY).exchange()
                .returnResult(String.class).getStatus().is2xxSuccessful());
        owner = newOwner("webhooks");
        api = new Api(owner);
    }

    private WebTestClient as(String key) {
        return anonymous.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key).build();
    }

    private WebTestClient newOwner(String name) {
        JsonNode made = as(ADMIN_KEY).post().uri("/api/keys").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name, "scopes", List.of("read", "write")))
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return as(made.get("key").asString());
    }

    /** A job on a fresh image whose end is reported to {@code callbackUrl}; the 202 answer. */
    private JsonNode submitWithCallback(String callbackUrl) {
        UUID image = api.uploadId("small.png", TestImages.generated(40, 30, "png"));
        return owner.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("imageIds", List.of(image), "operation", "grayscale",
                        "callback", Map.of("url", callbackUrl)))
                .exchange().expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private Receiver.Request next(String path) throws InterruptedException {
        Receiver.Request request = receiver.received(path).poll(30, TimeUnit.SECONDS);
        assertThat(request).as("a request to " + path).isNotNull();
        return request;
    }

    private JsonNode deliveries(WebTestClient client, UUID subject) {
        return client.get().uri("/api/webhooks/deliveries?subject={s}", subject).exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("deliveries");
    }

    /** The one delivery about {@code subject}, once it is no longer pending. */
    private JsonNode settled(UUID subject) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> deliveries(owner, subject), list -> list.size() == 1
                        && !list.get(0).get("status").asString().equals("pending")).get(0);
    }

    /** What a receiver does, written from the documentation rather than from Darkroom's code. */
    private static boolean verifies(String secret, String header, String body) throws Exception {
        String t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv[0].equals("t")) {
                t = kv[1];
            } else if (kv[0].equals("v1")) {
                v1 = kv[1];
            }
        }
        if (t == null || v1 == null || Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t)) > 300) {
            return false;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
        return java.security.MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1));
    }

    @Test
    void aJobsCallbackGetsItsEndSignedWithTheSecretShownOnce() throws Exception {
        JsonNode accepted = submitWithCallback(receiver.url("/signed"));
        UUID job = UUID.fromString(accepted.get("jobs").get(0).get("id").asString());
        String secret = accepted.get("callback").get("secret").asString();
        assertThat(secret).startsWith("whsec_");
        assertThat(accepted.get("callback").get("url").asString()).isEqualTo(receiver.url("/signed"));

        Receiver.Request request = next("/signed");
        assertThat(verifies(secret, request.header("Darkroom-Signature"), request.body())).isTrue();
        assertThat(verifies("whsec_some-other-secret", request.header("Darkroom-Signature"), request.body())).isFalse();
        assertThat(verifies(secret, request.header("Darkroom-Signature"), request.body().replace("succeeded", "failed")))
                .isFalse();
        JsonNode event = json.readTree(request.body());
        assertThat(event.get("type").asString()).isEqualTo("job.succeeded");
        assertThat(event.get("id").asString()).isEqualTo(request.header("Darkroom-Event-Id"));
        assertThat(Instant.parse(event.get("createdAt").asString())).isBefore(Instant.now());
        assertThat(event.get("data").get("id").asString()).isEqualTo(job.toString());
        assertThat(event.get("data").get("status").asString()).isEqualTo("succeeded");
        assertThat(event.get("data").get("links").get("result").asString()).isEqualTo("/api/jobs/" + job + "/result");
        assertThat(request.header("Content-Type")).startsWith("application/json");

        JsonNode delivery = settled(job);
        assertThat(delivery.get("status").asString()).isEqualTo("delivered");
        assertThat(delivery.get("callback").asBoolean()).isTrue();
        assertThat(delivery.get("attemptLog").get(0).get("responseCode").asInt()).isEqualTo(200);
        assertThat(delivery.get("attemptLog").get(0).get("outcome").asString()).isEqualTo("delivered");
        // The secret is never shown again: not in the delivery, not in the job.
        assertThat(delivery.toString()).doesNotContain(secret);
        assertThat(api.job(job).toString()).doesNotContain(secret);
    }

    @Test
    void aRetriedJobReportsItsEndToTheFirstJobsCallbackWithTheSameSecret() throws Exception {
        JsonNode accepted = submitWithCallback(receiver.url("/retried"));
        UUID first = UUID.fromString(accepted.get("jobs").get(0).get("id").asString());
        String secret = accepted.get("callback").get("secret").asString();
        next("/retried");

        JsonNode retried = owner.post().uri("/api/jobs/{id}/retry", first).exchange().expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        UUID second = UUID.fromString(retried.get("jobs").get(0).get("id").asString());
        assertThat(retried.toString()).as("the secret is not shown again").doesNotContain(secret);
        Receiver.Request request = next("/retried");
        assertThat(verifies(secret, request.header("Darkroom-Signature"), request.body())).isTrue();
        assertThat(json.readTree(request.body()).get("data").get("id").asString()).isEqualTo(second.toString());
        assertThat(settled(second).get("callback").asBoolean()).isTrue();
    }

    @Test
    void deliveriesComeAPageAtATimeNewestFirstAndAForeignCursorIsRefused() {
        receiver.answer("/paged", 200);
        for (int i = 0; i < 3; i++) {
            submitWithCallback(receiver.url("/paged"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> owner.get().uri("/api/webhooks/deliveries").exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("deliveries").size() == 3);

        JsonNode first = owner.get().uri("/api/webhooks/deliveries?limit=2").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(first.get("deliveries")).hasSize(2);
        JsonNode second = owner.get().uri("/api/webhooks/deliveries?limit=2&cursor={c}", first.get("next").asString()).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(second.get("deliveries")).hasSize(1);
        assertThat(second.get("next").isNull()).isTrue();
        List<String> ids = new java.util.ArrayList<>();
        List<Instant> times = new java.util.ArrayList<>();
        for (JsonNode page : List.of(first, second)) {
            page.get("deliveries").forEach(d -> {
                ids.add(d.get("id").asString());
                times.add(Instant.parse(d.get("createdAt").asString()));
            });
        }
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        String jobCursor = owner.get().uri("/api/jobs?limit=1").exchange().expectBody(JsonNode.class).returnResult()
                .getResponseBody().get("next").asString();
        for (String cursor : List.of(jobCursor, "garbage")) {
            owner.get().uri("/api/webhooks/deliveries?cursor={c}", cursor).exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.type").value(type -> assertThat(type.toString()).endsWith("invalid-cursor"));
        }
    }

    @Test
    void aRegisteredEndpointGetsTheEventTypesItAskedFor() throws Exception {
        JsonNode endpoint = owner.post().uri("/api/webhooks").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", receiver.url("/endpoint"), "events", List.of("job.succeeded", "photo.completed")))
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        String secret = endpoint.get("secret").asString();
        try {
            UUID image = api.uploadId("endpoint.png", TestImages.generated(40, 30, "png"));
            UUID job = api.submitId(image, "grayscale", Map.of());
            // Both the upload's processing and the job end; each is one event, signed with the endpoint's secret.
            Map<String, JsonNode> byType = new java.util.HashMap<>();
            for (int i = 0; i < 2; i++) {
                Receiver.Request request = next("/endpoint");
                assertThat(verifies(secret, request.header("Darkroom-Signature"), request.body())).isTrue();
                JsonNode event = json.readTree(request.body());
                byType.put(event.get("type").asString(), event.get("data"));
            }
            assertThat(byType.get("job.succeeded").get("id").asString()).isEqualTo(job.toString());
            assertThat(byType.get("photo.completed").get("id").asString()).isEqualTo(image.toString());
            owner.get().uri("/api/webhooks").exchange().expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.webhooks[0].url").isEqualTo(receiver.url("/endpoint"))
                    .jsonPath("$.webhooks[0].secret").doesNotExist();
        } finally {
            owner.delete().uri("/api/webhooks/{id}", endpoint.get("id").asString()).exchange().expectStatus().isNoContent();
        }
        owner.get().uri("/api/webhooks").exchange().expectBody().jsonPath("$.webhooks").isEmpty();
    }

    @Test
    void aReceiverThatFailsIsRetriedWithTheSameSignedBody() throws Exception {
        receiver.answer("/flaky", 500, 503, 200);
        JsonNode accepted = submitWithCallback(receiver.url("/flaky"));
        UUID job = UUID.fromString(accepted.get("jobs").get(0).get("id").asString());
        Receiver.Request first = next("/flaky");
        Receiver.Request second = next("/flaky");
        Receiver.Request third = next("/flaky");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(third.body()).isEqualTo(first.body());
        assertThat(third.header("Darkroom-Event-Id")).isEqualTo(first.header("Darkroom-Event-Id"));
        assertThat(third.header("Darkroom-Delivery-Attempt")).isEqualTo("3");

        JsonNode delivery = settled(job);
        assertThat(delivery.get("status").asString()).isEqualTo("delivered");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
        JsonNode log = delivery.get("attemptLog");
        assertThat(log).hasSize(3);
        assertThat(log.get(0).get("responseCode").asInt()).isEqualTo(500);
        assertThat(log.get(0).get("outcome").asString()).isEqualTo("retrying");
        assertThat(log.get(1).get("responseCode").asInt()).isEqualTo(503);
        assertThat(log.get(2).get("outcome").asString()).isEqualTo("delivered");
        // Backed off: the second wait is longer than the first's lower bound (100 ms, half of 200 ms).
        Instant at0 = Instant.parse(log.get(0).get("startedAt").asString());
        Instant at1 = Instant.parse(log.get(1).get("startedAt").asString());
        assertThat(Duration.between(at0, at1)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aReceiverThatKeepsFailingIsGivenUpOnAndCanBeSentAgainByHand() throws Exception {
        receiver.answer("/down", 500);
        JsonNode accepted = submitWithCallback(receiver.url("/down"));
        UUID job = UUID.fromString(accepted.get("jobs").get(0).get("id").asString());
        JsonNode delivery = settled(job);
        assertThat(delivery.get("status").asString()).isEqualTo("failed");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
        assertThat(delivery.get("lastError").asString()).contains("HTTP 500");
        assertThat(delivery.get("attemptLog").get(2).get("outcome").asString()).isEqualTo("failed");
        assertThat(receiver.received("/down")).hasSize(3);

        // The receiver is mended; the owner sends the event again.
        receiver.answer("/down", 200);
        JsonNode resent = owner.post().uri("/api/webhooks/deliveries/{id}/resend", delivery.get("id").asString())
                .exchange().expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(resent.get("resendOf").asString()).isEqualTo(delivery.get("id").asString());
        assertThat(resent.get("eventId").asString()).isEqualTo(delivery.get("eventId").asString());
        JsonNode done = await().atMost(Duration.ofSeconds(30)).until(() -> owner.get()
                .uri("/api/webhooks/deliveries/{id}", resent.get("id").asString()).exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody(),
                d -> d.get("status").asString().equals("delivered"));
        assertThat(done.get("attemptLog").get(0).get("responseCode").asInt()).isEqualTo(200);
    }

    @Test
    void anEndedDeliveryIsDeletedWithItsAttemptsOnceOlderThanTheRetentionAndItsResendIsKept() throws Exception {
        receiver.answer("/kept", 200);
        UUID job = UUID.fromString(submitWithCallback(receiver.url("/kept")).get("jobs").get(0).get("id").asString());
        String first = settled(job).get("id").asString();
        String resent = owner.post().uri("/api/webhooks/deliveries/{id}/resend", first).exchange()
                .expectStatus().isAccepted().expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> owner.get().uri("/api/webhooks/deliveries/{id}", resent).exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("status").asString().equals("delivered"));

        // The first ended longer ago than the 30 days deliveries are kept; its resend just now.
        db.sql("UPDATE webhook_deliveries SET finished_at = now() - interval '31 days' WHERE id = :id")
                .bind("id", UUID.fromString(first)).fetch().rowsUpdated().block(Duration.ofSeconds(10));
        dispatcher.purge().block(Duration.ofSeconds(30));

        owner.get().uri("/api/webhooks/deliveries/{id}", first).exchange().expectStatus().isNotFound();
        assertThat(db.sql("SELECT count(*) AS n FROM webhook_attempts WHERE delivery_id = :id").bind("id", UUID.fromString(first))
                .map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(10))).isZero();
        JsonNode kept = owner.get().uri("/api/webhooks/deliveries/{id}", resent).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(kept.get("status").asString()).isEqualTo("delivered");
        assertThat(kept.get("attemptLog")).hasSize(1);
        assertThat(kept.path("resendOf").isNull() || kept.path("resendOf").isMissingNode()).as("the link to a deleted delivery").isTrue();
    }

    @Test
    void privateAddressesAreRefusedWhenNamedAndWhenConnecting() throws Exception {
        UUID image = api.uploadId("private.png", TestImages.generated(40, 30, "png"));
        // Loopback by a name the allow-list does not exempt, and the cloud metadata address: refused
        // before anything is stored or sent.
        for (String url : List.of("http://127.0.0.1:" + receiver.port() + "/private", "http://169.254.169.254/latest/meta-data/")) {
            owner.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("imageIds", List.of(image), "operation", "grayscale", "callback", Map.of("url", url)))
                    .exchange().expectStatus().isBadRequest()
                    .expectBody()
                    .jsonPath("$.errors[0].pointer").isEqualTo("/callback/url")
                    .jsonPath("$.errors[0].detail").value(String.class, detail -> assertThat(detail).contains("address"));
            owner.post().uri("/api/webhooks").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("url", url, "events", List.of("job.succeeded")))
                    .exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.errors[0].pointer").isEqualTo("/url");
        }
        owner.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("imageIds", List.of(image), "operation", "grayscale", "callback", Map.of("url", "ftp://example.com/")))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].pointer").isEqualTo("/callback/url");

        // A name that passed at registration and points at a private address by the time of delivery
        // (DNS rebinding, a record changed): the connection is refused, and the receiver hears nothing.
        JsonNode accepted = submitWithCallback(receiver.url("/rebound"));
        UUID job = UUID.fromString(accepted.get("jobs").get(0).get("id").asString());
        db.sql("UPDATE webhook_endpoints SET url = :url WHERE id = :id")
                .bind("url", "http://127.0.0.1:" + receiver.port() + "/rebound")
                .bind("id", UUID.fromString(accepted.get("callback").get("id").asString()))
                .then().block();
        JsonNode delivery = settled(job);
        assertThat(delivery.get("status").asString()).isEqualTo("failed");
        assertThat(delivery.get("lastError").asString()).contains("127.0.0.1").contains("loopback");
        assertThat(delivery.get("attemptLog")).hasSize(1);
        assertThat(receiver.received("/rebound")).isEmpty();
    }

    @Test
    void anOwnerSeesAndChangesOnlyItsOwnEndpointsAndDeliveries() throws Exception {
        WebTestClient other = newOwner("someone else");
        JsonNode theirs = other.post().uri("/api/webhooks").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", receiver.url("/other"), "events", List.of("job.succeeded")))
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        JsonNode accepted = submitWithCallback(receiver.url("/mine"));
        UUID job = UUID.fromString(accepted.get("jobs").get(0).get("id").asString());
        next("/mine");
        JsonNode delivery = settled(job);

        other.get().uri("/api/webhooks/deliveries/{id}", delivery.get("id").asString()).exchange().expectStatus().isNotFound();
        other.post().uri("/api/webhooks/deliveries/{id}/resend", delivery.get("id").asString()).exchange().expectStatus().isNotFound();
        assertThat(deliveries(other, job)).isEmpty();
        owner.delete().uri("/api/webhooks/{id}", theirs.get("id").asString()).exchange().expectStatus().isNotFound();
        owner.get().uri("/api/webhooks").exchange().expectBody().jsonPath("$.webhooks").isEmpty();
        // The other owner's endpoint asked for job.succeeded, but of its own jobs only.
        assertThat(receiver.received("/other")).isEmpty();
        other.delete().uri("/api/webhooks/{id}", theirs.get("id").asString()).exchange().expectStatus().isNoContent();
    }

    @Test
    void batchesAndPhotosRegisteredByUrlReportTheirEndsToTheirCallbacks() throws Exception {
        JsonNode batch = owner.post().uri("/api/batches").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("images", List.of(Map.of("name", "a.png", "data",
                                java.util.Base64.getEncoder().encodeToString(TestImages.generated(40, 30, "png")))),
                        "filters", List.of(Map.of("name", "BoxBlur", "params", Map.of("radius", 2))),
                        "callback", Map.of("url", receiver.url("/batch"))))
                .exchange().expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        Receiver.Request batchEvent = next("/batch");
        assertThat(verifies(batch.get("callback").get("secret").asString(), batchEvent.header("Darkroom-Signature"),
                batchEvent.body())).isTrue();
        JsonNode event = json.readTree(batchEvent.body());
        assertThat(event.get("type").asString()).isEqualTo("batch.succeeded");
        assertThat(event.get("data").get("id").asString()).isEqualTo(batch.get("id").asString());
        // The results are the images themselves: a receiver fetches them, they are not in the event.
        assertThat(event.get("data").has("results")).isFalse();
        assertThat(event.get("data").get("links").get("self").asString()).isEqualTo("/api/batches/" + batch.get("id").asString());

        receiver.serve("/photo.png", TestImages.generated(60, 40, "png"));
        JsonNode photo = owner.post().uri("/photos").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", receiver.url("/photo.png"), "callback", Map.of("url", receiver.url("/photo"))))
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        owner.post().uri("/photos/process").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(photo.get("uuid").asString()))
                .exchange().expectStatus().is2xxSuccessful();
        Receiver.Request photoEvent = next("/photo");
        assertThat(verifies(photo.get("callback").get("secret").asString(), photoEvent.header("Darkroom-Signature"),
                photoEvent.body())).isTrue();
        event = json.readTree(photoEvent.body());
        assertThat(event.get("type").asString()).isEqualTo("photo.completed");
        assertThat(event.get("data").get("id").asString()).isEqualTo(photo.get("uuid").asString());
        assertThat(event.get("data").get("width").asInt()).isEqualTo(60);

        owner.post().uri("/photos").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(Map.of("url", receiver.url("/photo.png")),
                        Map.of("url", receiver.url("/photo.png"), "callback", Map.of("url", "http://10.1.2.3/hook"))))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].pointer").isEqualTo("/1/callback/url");
    }

    @Test
    void aBadRegistrationNamesEachProblem() {
        owner.post().uri("/api/webhooks").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", "https://user:pw@example.com/hook", "events", List.of("job.succeeded", "job.exploded")))
                .exchange().expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].pointer").isEqualTo("/url")
                .jsonPath("$.errors[1].pointer").isEqualTo("/events/1")
                .jsonPath("$.errors[1].detail").value(String.class, detail -> assertThat(detail).contains("job.cancelled"));
    }
}
