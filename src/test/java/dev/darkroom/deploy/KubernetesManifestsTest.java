package dev.darkroom.deploy;

import static dev.darkroom.deploy.ComposeFile.castList;
import static dev.darkroom.deploy.ComposeFile.castMap;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.yaml.snakeyaml.Yaml;
import dev.darkroom.job.JobProperties;
import dev.darkroom.photo.PhotoProperties;

/**
 * src/main/k8s agrees with compose.yaml and with the app: the same variables under the same names,
 * the same memory per role, probes on the actuator's groups, a grace the shutdown fits in, and a
 * ScaledObject that watches the queues the app consumes. (Schemas: src/test/k8s/validate.mjs.)
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("src/main/k8s");

    private final List<Map<String, Object>> objects = load();
    private final ComposeFile compose = ComposeFile.read(ComposeFile.envExample());

    @Test
    void theClusterGivesTheAppWhatComposeGivesItUnderTheSameNames() {
        Map<String, Object> config = castMap(object("ConfigMap", "darkroom").get("data"));
        Map<String, Object> secret = castMap(object("Secret", "darkroom").get("stringData"));
        for (String service : List.of("api", "worker")) {
            Set<String> fromCluster = new HashSet<>(config.keySet());
            fromCluster.addAll(secret.keySet());
            fromCluster.add("DARKROOM_ROLE");
            assertThat(fromCluster).as(service).isEqualTo(compose.environment(service).keySet());
        }
        config.forEach((name, value) -> assertThat(value).as(name).isEqualTo(compose.environment("api").get(name)));
    }

    @Test
    void eachRoleHasTheMemoryComposeGivesItAndProbesOnTheActuatorGroups() {
        for (String role : List.of("api", "worker")) {
            Map<String, Object> pod = castMap(castMap(spec("Deployment", "darkroom-" + role).get("template")).get("spec"));
            assertThat(pod.get("terminationGracePeriodSeconds")).as(role).isEqualTo(60);
            Map<String, Object> container = castMap(castList(pod.get("containers")).getFirst());
            assertThat(castList(container.get("env"))).as(role).containsExactly(Map.of("name", "DARKROOM_ROLE", "value", role));

            Map<String, Object> resources = castMap(container.get("resources"));
            Object limit = castMap(resources.get("limits")).get("memory");
            assertThat(castMap(resources.get("requests")).get("memory")).as(role + " requests all it may use").isEqualTo(limit);
            String composeLimit = (String) castMap(castMap(castMap(compose.service(role).get("deploy")).get("resources")).get("limits")).get("memory");
            assertThat(limit).as(role).isEqualTo(composeLimit.replace("g", "Gi"));

            assertThat(probePath(container, "readinessProbe")).isEqualTo("/actuator/health/readiness");
            assertThat(probePath(container, "livenessProbe")).isEqualTo("/actuator/health/liveness");
            assertThat(castMap(castList(container.get("ports")).getFirst())).containsEntry("containerPort", 8080);
        }
    }

    @Test
    void kedaScalesTheWorkersOnTheQueuesTheyConsume() {
        Map<String, Object> scaled = spec("ScaledObject", "darkroom-worker");
        assertThat(castMap(scaled.get("scaleTargetRef")).get("name")).isEqualTo("darkroom-worker");
        Binder defaults = Binder.get(new StandardEnvironment());
        JobProperties jobProperties = defaults.bindOrCreate("darkroom.jobs", JobProperties.class);
        String jobs = jobProperties.queue();
        String interactiveJobs = jobProperties.effectiveInteractiveQueue();
        String photos = defaults.bindOrCreate("darkroom.photos", PhotoProperties.class).queue();
        List<String> queues = new ArrayList<>();
        for (Object trigger : castList(scaled.get("triggers"))) {
            Map<String, Object> metadata = castMap(castMap(trigger).get("metadata"));
            assertThat(castMap(trigger)).containsEntry("type", "rabbitmq");
            assertThat(metadata).containsEntry("mode", "QueueLength");
            queues.add((String) metadata.get("queueName"));
            String authentication = (String) castMap(castMap(trigger).get("authenticationRef")).get("name");
            Map<String, Object> host = castMap(castList(spec("TriggerAuthentication", authentication).get("secretTargetRef")).getFirst());
            assertThat(host).containsEntry("parameter", "host").containsEntry("name", "darkroom");
            assertThat(castMap(object("Secret", "darkroom").get("stringData"))).containsKey((String) host.get("key"));
        }
        assertThat(queues).containsExactlyInAnyOrder(jobs, interactiveJobs, photos);
        assertThat(castMap(spec("HorizontalPodAutoscaler", "darkroom-worker").get("scaleTargetRef")))
                .containsEntry("kind", "Deployment").containsEntry("name", "darkroom-worker");
        assertThat(spec("Deployment", "darkroom-worker")).as("the autoscaler owns the replica count").doesNotContainKey("replicas");
    }

    @Test
    void theServiceAndTheDisruptionBudgetsSelectThePodsTheyAreFor() {
        Map<String, Object> apiLabels = podLabels("darkroom-api");
        assertThat(apiLabels.entrySet()).containsAll(castMap(spec("Service", "darkroom-api").get("selector")).entrySet());
        for (String role : List.of("api", "worker")) {
            Map<String, Object> selector = castMap(castMap(spec("PodDisruptionBudget", "darkroom-" + role).get("selector")).get("matchLabels"));
            assertThat(podLabels("darkroom-" + role).entrySet()).as(role).containsAll(selector.entrySet());
        }
    }

    private Map<String, Object> podLabels(String deployment) {
        return castMap(castMap(castMap(spec("Deployment", deployment).get("template")).get("metadata")).get("labels"));
    }

    private static String probePath(Map<String, Object> container, String probe) {
        Map<String, Object> get = castMap(castMap(container.get(probe)).get("httpGet"));
        assertThat(get.get("port")).isEqualTo("http");
        return (String) get.get("path");
    }

    private Map<String, Object> spec(String kind, String name) {
        return castMap(object(kind, name).get("spec"));
    }

    private Map<String, Object> object(String kind, String name) {
        return objects.stream()
                .filter(o -> kind.equals(o.get("kind")) && name.equals(castMap(o.get("metadata")).get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " under " + K8S));
    }

    private static List<Map<String, Object>> load() {
        try (Stream<Path> files = Files.walk(K8S)) {
            List<Map<String, Object>> objects = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml")).sorted().toList()) {
                for (Object document : new Yaml().loadAll(Files.readString(file))) {
                    if (document != null) {
                        objects.add(castMap(document));
                    }
                }
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
