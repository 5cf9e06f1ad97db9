package dev.darkroom.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import dev.darkroom.support.Api;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.TestImages;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class JobSocketIntegrationTest {

    @Autowired
    WebTestClient client;

    @Autowired
    JsonMapper json;

    @LocalServerPort
    int port;

    @Test
    void aSubscriberReceivesTheJobsEventsUpToItsEnd() {
        Api api = new Api(client);
        UUID image = api.uploadId("ws.png", TestImages.generated(1600, 1200, "jpg"));
        List<JsonNode> received = new CopyOnWriteArrayList<>();

        new ReactorNettyWebSocketClient().execute(URI.create("ws://localhost:" + port + "/ws/jobs"), session -> {
            // Submitted off the event loop, as a real client would from elsewhere.
            Mono<WebSocketMessage> subscribe = Mono.fromCallable(() -> api.submitId(image, "grayscale", Map.of()))
                    .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
                    .map(job -> session.textMessage(json.writeValueAsString(
                            Map.of("type", "subscribe", "jobIds", List.of(job)))));
            return session.send(subscribe)
                    .thenMany(session.receive()
                            .map(WebSocketMessage::getPayloadAsText)
                            .map(json::readTree)
                            .doOnNext(received::add)
                            .takeUntil(message -> "succeeded".equals(message.path("status").asString())))
                    .then();
        }).block(Duration.ofSeconds(60));

        assertThat(received).isNotEmpty();
        assertThat(received).allSatisfy(message -> assertThat(message.get("type").asString()).isEqualTo("job"));
        assertThat(received.getLast().get("status").asString()).isEqualTo("succeeded");
        assertThat(received.getLast().get("progress").asInt()).isEqualTo(100);
    }

    @Autowired
    ProgressBus bus;

    @Autowired
    org.springframework.r2dbc.core.DatabaseClient db;

    @Autowired
    io.r2dbc.spi.ConnectionFactory connections;

    /**
     * A job that ends while a subscription to it reads its state: the read's snapshot has it
     * running, so its ending must still follow, and an event older than the snapshot must not.
     * The read is held by a lock on the jobs table, and the job is set back to running at 50% to
     * stand for the snapshot; the events are published meanwhile.
     */
    @Test
    void aJobThatEndsWhileItsSubscriptionIsReadIsSeenToEndAndNeverGoesBack() {
        Api api = new Api(client);
        UUID job = api.submitId(api.uploadId("ends.png", TestImages.generated(64, 48, "png")), "grayscale", Map.of());
        assertThat(api.awaitJob(job).path("status").asString()).isEqualTo("succeeded");
        db.sql("UPDATE jobs SET status = 'running', progress = 50, lease_until = now() + interval '1 hour' WHERE id = :id")
                .bind("id", job).fetch().rowsUpdated().block();
        try (dev.darkroom.support.TestSocket socket = new dev.darkroom.support.TestSocket(port, "/ws/jobs", null, json);
             dev.darkroom.support.HeldTable jobs = dev.darkroom.support.HeldTable.hold(connections, "jobs")) {
            socket.send(Map.of("type", "subscribe", "jobIds", List.of(job.toString())));
            jobs.awaitWaiting(db, "FROM jobs");

            bus.publish(new ProgressEvent(job, ProgressEvent.RUNNING, 30, null, 1));
            bus.publish(new ProgressEvent(job, ProgressEvent.SUCCEEDED, 100, null, 1));
            jobs.release();

            socket.await(frame -> "succeeded".equals(frame.path("status").asString()), Duration.ofSeconds(10));
            assertThat(socket.received()).extracting(frame -> frame.path("status").asString() + " " + frame.path("progress").asInt())
                    .containsExactly("running 50", "succeeded 100");
        } finally {
            db.sql("UPDATE jobs SET status = 'succeeded', progress = 100, lease_until = NULL WHERE id = :id")
                    .bind("id", job).fetch().rowsUpdated().block();
        }
    }

    @Test
    void aMalformedMessageIsAnsweredWithAnError() {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        new ReactorNettyWebSocketClient().execute(URI.create("ws://localhost:" + port + "/ws/jobs"), session ->
                session.send(Mono.just(session.textMessage("{\"type\":\"subscribe\",\"jobIds\":[\"nope\"]}")))
                        .thenMany(session.receive().map(WebSocketMessage::getPayloadAsText).map(json::readTree).take(1)
                                .doOnNext(received::add))
                        .then()).block(Duration.ofSeconds(20));

        assertThat(received).singleElement().satisfies(message -> {
            assertThat(message.get("type").asString()).isEqualTo("error");
            assertThat(message.get("message").asString()).contains("nope");
        });
    }
}
