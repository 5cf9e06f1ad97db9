package dev.darkroom.photo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class HostPermitsTest {

    @Test
    void aHostGetsAtMostItsPermitsAndTheNextInLineStartsWhenOneEnds() {
        HostPermits permits = new HostPermits(2);
        List<Sinks.Empty<Void>> slow = new ArrayList<>();
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Sinks.Empty<Void> done = Sinks.empty();
            slow.add(done);
            int n = i;
            permits.with("slow.example", () -> {
                started.add("slow " + n);
                return done.asMono();
            }).subscribe();
        }
        assertThat(started).containsExactly("slow 0", "slow 1");
        assertThat(permits.running("slow.example")).isEqualTo(2);

        // Another host is not held up by the slow one.
        assertThat(permits.with("fast.example", () -> Mono.just("ok")).block(Duration.ofSeconds(1))).isEqualTo("ok");

        slow.getFirst().tryEmitEmpty();
        assertThat(started).containsExactly("slow 0", "slow 1", "slow 2");
        assertThat(permits.running("slow.example")).isEqualTo(2);

        slow.get(1).tryEmitError(new IllegalStateException("failed"));
        slow.get(2).tryEmitEmpty();
        assertThat(permits.running("slow.example")).isZero();
    }

    @Test
    void aWaiterThatGivesUpLeavesTheLine() {
        HostPermits permits = new HostPermits(1);
        Sinks.Empty<Void> first = Sinks.empty();
        permits.with("h", first::asMono).subscribe();
        List<String> started = new ArrayList<>();
        var waiting = permits.with("h", () -> {
            started.add("second");
            return Mono.empty();
        }).subscribe();
        waiting.dispose();
        first.tryEmitEmpty();
        assertThat(started).isEmpty();
        assertThat(permits.running("h")).isZero();
    }
}
