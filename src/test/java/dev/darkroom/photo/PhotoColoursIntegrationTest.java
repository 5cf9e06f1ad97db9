package dev.darkroom.photo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.darkroom.operation.DominantColors;
import dev.darkroom.support.Api;
import dev.darkroom.support.IntegrationTest;
import dev.darkroom.support.TestImages;
import tools.jackson.databind.JsonNode;

/**
 * A processed photo's thumbnail, colours and status are written in one statement (issue 9: one
 * round trip where there were nine). Written again, as a redelivered photo's are, the colours are
 * exactly the new ones, in rank order: fewer colours leave none of the old behind.
 */
@IntegrationTest
class PhotoColoursIntegrationTest {

    @Autowired
    WebTestClient client;

    @Autowired
    PhotoRepository photos;

    @Test
    void writingColoursAgainLeavesExactlyTheNewOnesInRankOrder() {
        UUID id = new Api(client).uploadId("coffee.jpg", TestImages.photo("coffee.jpg"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> "completed".equals(
                client.get().uri("/photos/{uuid}", id).exchange().expectBody(JsonNode.class).returnResult()
                        .getResponseBody().get("status").asString()));
        assertThat(photos.colours(id).collectList().block()).as("the processor's colours").isNotEmpty();

        List<DominantColors.Colour> four = List.of(colour(255, 0, 0, 0), colour(0, 255, 0, 120),
                colour(0, 0, 255, 240), colour(255, 255, 0, 60));
        assertThat(photos.complete(id, thumbnail(id), four).blockOptional())
                .as("a photo already completed is not completed twice").isEmpty();
        assertThat(photos.colours(id).collectList().block()).containsExactlyElementsOf(four);
        assertThat(photos.thumbnails(id).collectList().block()).as("the redelivery's thumbnail too").hasSize(2);

        List<DominantColors.Colour> two = List.of(colour(0, 128, 128, 180), colour(128, 0, 128, 300));
        photos.complete(id, thumbnail(id), two).block();
        assertThat(photos.colours(id).collectList().block()).containsExactlyElementsOf(two);

        photos.complete(id, thumbnail(id), List.of()).block();
        assertThat(photos.colours(id).collectList().block()).as("a grey picture has none").isEmpty();
    }

    private static Thumbnail thumbnail(UUID photo) {
        UUID id = UUID.randomUUID();
        return new Thumbnail(id, photo, 32, 24, "thumbnails/" + photo + "-" + id + ".jpg", null);
    }

    private static DominantColors.Colour colour(int r, int g, int b, int hue) {
        return new DominantColors.Colour(r, g, b, hue, 1.0, 0.5, 0.25);
    }
}
