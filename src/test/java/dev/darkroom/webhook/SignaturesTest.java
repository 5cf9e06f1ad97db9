package dev.darkroom.webhook;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignaturesTest {

    /** Computed with the README's Python snippet (hmac.new(secret, t + b"." + body, sha256)), not with this code. */
    @Test
    void signsAsTheDocumentedReceiverChecks() {
        assertThat(Signatures.header("whsec_test-secret", 1767225600, "{\"id\":\"0b6f\",\"type\":\"job.succeeded\"}"))
                .isEqualTo("t=1767225600,v1=ed540da15cf8380c5cc0cd1fb9387105c175bd416c4b1dc7b975d5c7fb54d734");
    }

    @Test
    void secretsAreNewEachTimeAndSayWhatTheyAre() {
        String one = Signatures.newSecret();
        assertThat(one).startsWith("whsec_").hasSize("whsec_".length() + 43).isNotEqualTo(Signatures.newSecret());
    }

    @Test
    void retriesWaitTwiceAsLongEachTimeWithinTheUpperHalfUpToTheCap() {
        WebhookProperties properties = new WebhookProperties(List.of(), 10, Duration.ofSeconds(30), Duration.ofHours(1),
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(1), 16, Duration.ofDays(30));
        assertThat(properties.backoff(1, 0)).isEqualTo(Duration.ofSeconds(15));
        assertThat(properties.backoff(1, 1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.backoff(2, 1)).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.backoff(4, 0.5)).isEqualTo(Duration.ofSeconds(180));
        assertThat(properties.backoff(8, 1)).isEqualTo(Duration.ofHours(1));
        assertThat(properties.backoff(30, 0)).isEqualTo(Duration.ofMinutes(30));
        Duration shortest = Duration.ZERO;
        Duration longest = Duration.ZERO;
        for (int attempt = 1; attempt < 10; attempt++) {
            shortest = shortest.plus(properties.backoff(attempt, 0));
            longest = longest.plus(properties.backoff(attempt, 1));
        }
        // As the README says: the tenth attempt comes 1.5 to 3 hours after the first.
        assertThat(shortest).isBetween(Duration.ofMinutes(90), Duration.ofMinutes(95));
        assertThat(longest).isBetween(Duration.ofHours(3), Duration.ofHours(3).plusMinutes(5));
    }
}
