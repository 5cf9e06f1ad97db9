package dev.darkroom.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ThroughputTest {

    private final Throughput throughput = new Throughput();

    @Test
    void knowsNothingOfAnOperationBeforeItsFirstRun() {
        assertThat(throughput.expected("grayscale", 1_000_000)).isNull();
    }

    @Test
    void expectsTheFirstRunsSpeedThenMovesPartOfTheWayTowardsEachNewOne() {
        throughput.record("filter:MedianFilter", 4_000_000, Duration.ofSeconds(2));
        assertThat(throughput.expected("filter:MedianFilter", 1_000_000)).isEqualTo(Duration.ofMillis(500));

        throughput.record("filter:MedianFilter", 4_000_000, Duration.ofSeconds(4));

        assertThat(throughput.pixelsPerSecond("filter:MedianFilter").getAsDouble())
                .isCloseTo(2_000_000 + Throughput.WEIGHT * (1_000_000 - 2_000_000), within(1.0));
        assertThat(throughput.expected("grayscale", 1_000_000)).as("kept per operation").isNull();
    }
}
