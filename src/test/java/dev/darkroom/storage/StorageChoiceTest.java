package dev.darkroom.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.gaul.s3proxy.S3Proxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * Which object store the application uses: the embedded S3 server when S3Proxy is on the
 * classpath (development, tests) and no endpoint is set; a clear refusal to start where it is not
 * (the production jar, simulated by hiding S3Proxy's classes).
 */
class StorageChoiceTest {

    @TempDir
    Path dataDir;

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(StorageProperties.class)
    static class Properties {
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withUserConfiguration(Properties.class, StorageConfiguration.class)
                .withPropertyValues("darkroom.storage.embedded.data-dir=" + dataDir);
    }

    @Test
    void withoutAnEndpointADevelopmentBuildStoresInTheEmbeddedServer() {
        runner().run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(EmbeddedS3Server.class);
            ImageStore store = context.getBean(ImageStore.class);
            store.put("originals/probe", new byte[] {1, 2, 3}, "application/octet-stream").block();
            assertThat(store.readAllBytes("originals/probe").block()).containsExactly(1, 2, 3);
        });
    }

    @Test
    void withoutAnEndpointOrTheEmbeddedServerItRefusesToStartAndSaysWhatToSet() {
        runner().withClassLoader(new FilteredClassLoader(S3Proxy.class)).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new StorageFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).as("the failure is recognised as missing storage").isNotNull();
            assertThat(analysis.getAction()).contains("DARKROOM_STORAGE_ENDPOINT");
        });
    }

    @Test
    void withAnEndpointTheEmbeddedServerNeverStarts() {
        // The endpoint is where the embedded server of the first context listens: a real S3 to talk to.
        runner().run(first -> {
            String endpoint = first.getBean(EmbeddedS3Server.class).endpoint().toString();
            new ApplicationContextRunner()
                    .withUserConfiguration(Properties.class, StorageConfiguration.class)
                    .withPropertyValues("darkroom.storage.endpoint=" + endpoint)
                    .run(second -> {
                        assertThat(second).hasNotFailed();
                        assertThat(second.getBeanProvider(EmbeddedS3Server.class).getIfAvailable()).isNull();
                        second.getBean(ImageStore.class).check().block();
                    });
        });
    }
}
