package dev.darkroom.progress;

import java.time.Duration;

import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;

/** What every progress stream served as Server-Sent Events shares. */
public final class EventStreams {

    private EventStreams() {
    }

    /**
     * {@code events} with a comment every {@code heartbeat} while they last, so proxies and load
     * balancers that close quiet connections leave a slow job's stream open; it ends when they end.
     */
    public static <T> Flux<ServerSentEvent<T>> withHeartbeat(Flux<ServerSentEvent<T>> events, Duration heartbeat) {
        return events.publish(shared -> Flux.merge(shared,
                Flux.interval(heartbeat)
                        .map(tick -> ServerSentEvent.<T>builder().comment("keep-alive").build())
                        .takeUntilOther(shared.then())));
    }
}
