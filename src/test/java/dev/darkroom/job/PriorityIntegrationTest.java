package dev.darkroom.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.support.Api;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.TestImages;
import tools.jackson.databind.JsonNode;

/**
 * A person who clicks "run" in the web app is never behind a backfill: a high-priority job
 * submitted after a backlog that saturates the workers finishes while most of the backlog is still
 * waiting. Ordering is asserted, not timings: without priorities the high job would finish last.
 */
@IntegrationTest
class PriorityIntegrationTest {

    private static final int BACKLOG = 16;
    private static final Map<String, Object> SLOW_FILTER = Map.of("name", "MedianFilter", "size", 9);

    @Autowired
    WebTestClient client;

    @Autowired
    tools.jackson.databind.json.JsonMapper json;

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    @Test
    void aHighPriorityJobSubmittedBehindABulkBacklogFinishesBeforeTheBacklogDrains() {
        Api api = new Api(client);
        List<UUID> images = new ArrayList<>();
        for (int i = 0; i < BACKLOG + 1; i++) {
            images.add(api.uploadId("backlog-" + i + ".png", TestImages.generated(1000, 1000, "png")));
        }
        JsonNode bulk = submit(Map.of("imageIds", images.subList(0, BACKLOG), "operation", "filter", "params", SLOW_FILTER));
        UUID lastOfBacklog = UUID.fromString(bulk.get("jobs").get(BACKLOG - 1).get("id").asString());
        dev.darkroom.support.TestSocket socket = new dev.darkroom.support.TestSocket(port, "/ws/jobs", null, json);
        socket.send(Map.of("type", "subscribe", "jobIds", List.of(lastOfBacklog.toString())));
        java.util.concurrent.CompletableFuture<List<ServerSentEvent<JsonNode>>> lastEvents =
                reactor.core.publisher.Mono.fromCallable(() -> api.events(lastOfBacklog))
                        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()).toFuture();
        JsonNode high = submit(Map.of("imageIds", List.of(images.getLast()), "operation", "filter", "params", SLOW_FILTER,
                "priority", "high")).get("jobs").get(0);
        assertThat(high.get("priority").asString()).isEqualTo("high");
        assertThat(bulk.get("jobs").get(0).get("priority").asString()).isEqualTo("normal");

        JsonNode done = api.awaitJob(UUID.fromString(high.get("id").asString()));
        assertThat(done.get("status").asString()).isEqualTo("succeeded");
        Instant highFinished = Instant.parse(done.get("finishedAt").asString());

        List<Instant> backlogFinished = new ArrayList<>();
        for (JsonNode job : bulk.get("jobs")) {
            JsonNode finished = api.awaitJob(UUID.fromString(job.get("id").asString()));
            assertThat(finished.get("status").asString()).isEqualTo("succeeded");
            backlogFinished.add(Instant.parse(finished.get("finishedAt").asString()));
        }
        long after = backlogFinished.stream().filter(highFinished::isBefore).count();
        assertThat(after).as("backlog jobs that finished after the high-priority job, of " + BACKLOG)
                .isGreaterThanOrEqualTo(BACKLOG / 2);

        // The last of the backlog was followed from the start: its place in line, then each stage,
        // with an estimate of the time left measured from the jobs of its kind that ran before it.
        List<JsonNode> events = lastEvents.join().stream().map(ServerSentEvent::data).toList();
        List<JsonNode> waiting = events.stream().filter(e -> e.get("status").asString().equals("queued")).toList();
        assertThat(waiting).as("queued events").isNotEmpty();
        assertThat(waiting.getFirst().get("stage").asString()).isEqualTo("queued");
        assertThat(waiting.getFirst().get("position").asLong()).as("its first place in line").isGreaterThan(1);
        if (waiting.size() > 1) {
            assertThat(waiting.getLast().get("position").asLong()).isLessThan(waiting.getFirst().get("position").asLong());
        }
        List<JsonNode> running = events.stream().filter(e -> e.get("status").asString().equals("running")).toList();
        assertThat(running.stream().map(e -> e.path("stage").asString("")).distinct().filter(s -> !s.isEmpty()).toList())
                .containsSubsequence("decoding", "processing", "encoding", "storing");
        assertThat(running.stream().filter(e -> e.path("etaSeconds").asLong(0) > 0).count())
                .as("running events with an estimate of the seconds left").isPositive();

        // Followed over /ws/jobs by id as well: its place in line only ever goes down (the
        // high-priority job that went ahead of it is not shown as a step back), it never returns
        // to the queue once running, and it ends succeeded.
        socket.await(frame -> "succeeded".equals(frame.path("status").asString()), Duration.ofSeconds(30));
        socket.close();
        List<JsonNode> followed = socket.received();
        List<String> statuses = followed.stream().map(frame -> frame.path("status").asString()).toList();
        assertThat(statuses.getFirst()).isEqualTo("queued");
        assertThat(statuses.getLast()).isEqualTo("succeeded");
        assertThat(statuses.subList(statuses.indexOf("running") < 0 ? statuses.size() - 1 : statuses.indexOf("running"), statuses.size()))
                .as("after it started: %s", statuses).doesNotContain("queued");
        List<Long> places = followed.stream().filter(frame -> "queued".equals(frame.path("status").asString()))
                .map(frame -> frame.path("position").asLong()).toList();
        assertThat(places.getFirst()).as("its first place in line").isGreaterThan(1);
        assertThat(places).as("its places in line").isSortedAccordingTo(java.util.Comparator.reverseOrder()).doesNotHaveDuplicates();
        List<Integer> progress = followed.stream().filter(frame -> "running".equals(frame.path("status").asString()))
                .map(frame -> frame.path("progress").asInt()).toList();
        assertThat(progress).as("its progress while running").isSorted();
    }

    @Test
    void refusesAPriorityThatIsNoneNamingTheChoices() {
        Api api = new Api(client);
        UUID image = api.uploadId("p.png", TestImages.generated(10, 10, "png"));
        client.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("imageIds", List.of(image), "operation", "grayscale", "priority", "urgent"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].pointer").isEqualTo("/priority")
                .jsonPath("$.errors[0].detail").value(detail -> assertThat((String) detail).contains("\"high\"").contains("\"normal\""));
    }

    private JsonNode submit(Map<String, Object> request) {
        return client.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).bodyValue(request)
                .exchange()
                .expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
