package dev.darkroom.messaging;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class MessageIdsTest {

    private static final UUID ID = UUID.fromString("3f2c1a9e-8b7d-4c6e-9a1b-2d3e4f5a6b7c");
    private final MessageIds ids = new MessageIds(JsonMapper.builder().build());

    @Test
    void readsWhatItWrites() {
        assertThat(ids.id(ids.body(ID))).isEqualTo(ID);
        assertThat(new String(ids.body(ID), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"" + ID + "\"}");
    }

    @Test
    void readsTheShapesOtherProducersOfThePhotoQueueSend() {
        for (String body : new String[] {"{\"uuid\":\"" + ID + "\"}", "{\"jobId\":\"" + ID + "\"}", "\"" + ID + "\"",
                ID.toString(), " " + ID + "\n", "{\"other\":1,\"id\":\"" + ID + "\"}"}) {
            assertThat(ids.id(body.getBytes(StandardCharsets.UTF_8))).as(body).isEqualTo(ID);
        }
    }

    @Test
    void namesNothingForAnythingElse() {
        for (String body : new String[] {"", "{}", "[]", "{\"id\":42}", "{\"id\":\"nope\"}", "not json", "null",
                "{\"id\": \"" + ID + "\"", "\u0000\u0001"}) {
            assertThat(ids.id(body.getBytes(StandardCharsets.UTF_8))).as(body).isNull();
        }
    }
}
