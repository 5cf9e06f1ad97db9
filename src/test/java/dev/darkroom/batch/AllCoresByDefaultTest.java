package dev.darkroom.batch;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import dev.darkroom.job.JobProperties;
import dev.darkroom.photo.PhotoProperties;
import dev.darkroom.system.ConversionProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9: a user who configures nothing gets every core working. Photos, jobs, batches and the
 * conversion threads they share all default to the cores of the machine (on our 2-core machines,
 * two photos at once), and a setting still wins. What bounds them is the memory budget of pixel
 * work, which all of them reserve from (see MemoryBudgetTest).
 */
class AllCoresByDefaultTest {

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private static <T> T bind(Class<T> type, String prefix, Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate(prefix, type);
    }

    @Test
    void withNothingConfiguredEveryWorkerPoolHasOneSlotPerCore() {
        ConversionProperties conversion = bind(ConversionProperties.class, "darkroom.conversion", Map.of());

        assertThat(conversion.effectiveThreads()).isEqualTo(CORES);
        assertThat(bind(PhotoProperties.class, "darkroom.photos", Map.of()).effectiveConcurrency()).isEqualTo(CORES);
        assertThat(bind(JobProperties.class, "darkroom.jobs", Map.of()).effectiveConcurrency(conversion)).isEqualTo(CORES);
        assertThat(bind(BatchProperties.class, "darkroom.batches", Map.of()).effectiveConcurrency()).isEqualTo(CORES);
    }

    @Test
    void aSettingStillWins() {
        ConversionProperties conversion = bind(ConversionProperties.class, "darkroom.conversion",
                Map.of("darkroom.conversion.threads", "3"));

        assertThat(conversion.effectiveThreads()).isEqualTo(3);
        assertThat(bind(JobProperties.class, "darkroom.jobs", Map.of()).effectiveConcurrency(conversion))
                .as("jobs follow the conversion threads").isEqualTo(3);
        assertThat(bind(PhotoProperties.class, "darkroom.photos", Map.of("darkroom.photos.concurrency", "1"))
                .effectiveConcurrency()).isEqualTo(1);
        assertThat(bind(BatchProperties.class, "darkroom.batches", Map.of("darkroom.batches.concurrency", "5"))
                .effectiveConcurrency()).isEqualTo(5);
    }
}
