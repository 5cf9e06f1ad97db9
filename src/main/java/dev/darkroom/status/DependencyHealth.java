package dev.darkroom.status;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import dev.darkroom.messaging.WorkQueue;
import dev.darkroom.storage.ImageStore;

/**
 * Readiness includes the broker and the object store as well as PostgreSQL (which Spring Boot
 * checks itself): an instance that cannot reach one of them cannot do its work.
 */
@Configuration(proxyBeanMethods = false)
class DependencyHealth {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    @Bean
    ReactiveHealthIndicator rabbitHealthIndicator(@Qualifier("jobQueue") WorkQueue jobQueue) {
        return () -> jobQueue.depth()
                .timeout(TIMEOUT)
                .map(depth -> Health.up().withDetail("jobQueueDepth", depth).build())
                .onErrorResume(e -> reactor.core.publisher.Mono.just(Health.down(e).build()));
    }

    @Bean
    ReactiveHealthIndicator storageHealthIndicator(ImageStore store) {
        return () -> store.check()
                .timeout(TIMEOUT)
                .thenReturn(Health.up().build())
                .onErrorResume(e -> reactor.core.publisher.Mono.just(Health.down(e).build()));
    }
}
