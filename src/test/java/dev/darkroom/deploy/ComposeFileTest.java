package dev.darkroom.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * What compose.yaml promises, checked on the file itself (no Docker engine runs here): pinned
 * images, a shutdown grace the app fits in, start-up gated on health, scalable workers, and no
 * secret in the file.
 */
class ComposeFileTest {

    private final ComposeFile compose = ComposeFile.read(ComposeFile.envExample());

    @Test
    void everyImageIsPinnedToAnExactVersion() {
        compose.services().forEach((name, service) -> {
            String image = (String) ComposeFile.castMap(service).get("image");
            String tag = image.substring(image.lastIndexOf(':') + 1);
            // 4.3.6-management, 18.6, RELEASE.2025-09-07T16-13-09Z: a patch release or a dated one.
            assertThat(tag).as("tag of %s (%s)", name, image)
                    .matches("(\\d+\\.\\d+(\\.\\d+)?(-[a-z]+)?|RELEASE\\.\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}Z|local)");
        });
        assertThat(compose.service("rabbitmq").get("image")).asString().startsWith("rabbitmq:4.").endsWith("-management");
    }

    @Test
    void theAppHasLongerToStopThanItsShutdownPhasesTake() {
        for (String service : List.of("api", "worker")) {
            Duration grace = Duration.parse("PT" + compose.service(service).get("stop_grace_period"));
            // Several phases of spring.lifecycle.timeout-per-shutdown-phase (20 s) each.
            assertThat(grace).as(service).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
        }
    }

    @Test
    void theAppStartsOnlyOnceWhatItNeedsIsHealthyAndTheBucketExists() {
        Map<String, Object> dependsOn = ComposeFile.castMap(compose.service("api").get("depends_on"));
        assertThat(dependsOn).containsOnlyKeys("postgres", "rabbitmq", "minio-init");
        dependsOn.forEach((name, condition) -> {
            String expected = name.equals("minio-init") ? "service_completed_successfully" : "service_healthy";
            assertThat(ComposeFile.castMap(condition).get("condition")).as(name).isEqualTo(expected);
            if (expected.equals("service_healthy")) {
                assertThat(compose.service(name)).as(name + " has a healthcheck").containsKey("healthcheck");
            }
        });
        assertThat(compose.service("worker").get("depends_on")).isEqualTo(dependsOn);
        assertThat(ComposeFile.castList(compose.service("minio-init").get("command")).getFirst())
                .asString().contains("mc mb --ignore-existing \"darkroom/$BUCKET\"");
    }

    @Test
    void workersScaleBecauseNothingTiesThemToOneContainer() {
        assertThat(compose.service("worker")).doesNotContainKeys("container_name", "ports", "hostname");
        assertThat(compose.environment("worker")).containsEntry("DARKROOM_ROLE", "worker");
        assertThat(compose.environment("api")).containsEntry("DARKROOM_ROLE", "api");
    }

    @Test
    void everySecretComesFromEnvAndIsRequired() {
        Map<String, String> withoutSecrets = new HashMap<>(ComposeFile.envExample());
        for (String secret : List.of("POSTGRES_PASSWORD", "RABBITMQ_PASSWORD", "MINIO_ROOT_PASSWORD", "DARKROOM_ADMIN_KEY")) {
            Map<String, String> variables = new HashMap<>(withoutSecrets);
            variables.remove(secret);
            assertThatThrownBy(() -> ComposeFile.read(variables)).as(secret).hasMessageContaining(secret);
        }
        // Everything else has a default, so .env need only hold the secrets.
        Map<String, String> secretsOnly = Map.of("POSTGRES_PASSWORD", "a", "RABBITMQ_PASSWORD", "b", "MINIO_ROOT_PASSWORD", "cccccccc",
                "DARKROOM_ADMIN_KEY", "dddddddddddddddddddddddd");
        assertThat(ComposeFile.read(secretsOnly).environment("api"))
                .containsEntry("DARKROOM_SECURITY_BOOTSTRAP_KEY", "dddddddddddddddddddddddd")
                .containsEntry("DARKROOM_STORAGE_BUCKET", "darkroom")
                .containsEntry("DARKROOM_STORAGE_SECRET_KEY", "cccccccc");
    }

    @Test
    void envExampleSatisfiesMinioAndFitsInUris() {
        Map<String, String> example = ComposeFile.envExample();
        assertThat(example.get("MINIO_ROOT_USER")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(example.get("MINIO_ROOT_PASSWORD")).hasSizeGreaterThanOrEqualTo(8);
        assertThat(example.get("RABBITMQ_PASSWORD")).matches("[A-Za-z0-9]+");
        assertThat(example.get("DARKROOM_ADMIN_KEY")).as("an admin key is at least 24 characters").hasSizeGreaterThanOrEqualTo(24);
    }

    @Test
    void interpolatesAsComposeDoes() {
        Map<String, String> variables = Map.of("SET", "value", "EMPTY", "");
        assertThat(ComposeFile.interpolate("${SET} ${SET:-x} ${EMPTY:-x} ${EMPTY-x} ${UNSET-x} $${SET}", variables))
                .isEqualTo("value value x  x ${SET}");
        assertThatThrownBy(() -> ComposeFile.interpolate("${EMPTY:?say so}", variables)).hasMessageContaining("say so");
    }
}
