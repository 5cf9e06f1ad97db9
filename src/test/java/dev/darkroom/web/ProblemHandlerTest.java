package dev.darkroom.web;

import java.io.EOFException;
import java.io.IOException;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import reactor.netty.Connection;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemHandlerTest {

    @Test
    void aBackEndsResetIsNotTakenForTheClientGoingWhileTheClientIsStillConnected() {
        EmbeddedChannel client = new EmbeddedChannel();
        Connection connection = Connection.from(client);

        assertThat(ProblemHandler.clientGone(new IOException("Connection reset by peer"), connection))
                .as("object storage reset our connection; the client waits for an answer").isFalse();
        assertThat(ProblemHandler.clientGone(new EOFException(), connection)).isFalse();

        client.close();
        assertThat(ProblemHandler.clientGone(new IOException("Connection reset by peer"), connection))
                .as("the client's own connection is closed").isTrue();
        assertThat(ProblemHandler.clientGone(new IllegalStateException("bug"), connection))
                .as("not a disconnection at all").isFalse();
    }
}
