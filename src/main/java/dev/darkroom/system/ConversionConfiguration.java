package dev.darkroom.system;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The bounded scheduler every pixel loop runs on. Keeping CPU work here, never on a Netty event
 * loop or the elastic I/O pool, is what keeps the API responsive while a worker is busy.
 */
@Configuration(proxyBeanMethods = false)
class ConversionConfiguration {

    @Bean(destroyMethod = "dispose")
    Scheduler conversionScheduler(ConversionProperties properties) {
        return Schedulers.newBoundedElastic(properties.effectiveThreads(), properties.queue(), "convert");
    }
}
