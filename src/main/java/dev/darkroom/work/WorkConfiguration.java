package dev.darkroom.work;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.reactive.TransactionalOperator;
import dev.darkroom.messaging.Outbox;

@Configuration(proxyBeanMethods = false)
class WorkConfiguration {

    /** One sweeper over every table a feature registers (jobs, photos, batches). */
    @Bean
    Sweeper sweeper(List<Sweeper.Target> targets, Outbox outbox, TransactionalOperator transaction,
                    SweeperProperties properties, MeterRegistry metrics) {
        return new Sweeper(targets, outbox, transaction, properties, metrics);
    }
}
