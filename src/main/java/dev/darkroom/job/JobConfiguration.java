package dev.darkroom.job;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import dev.darkroom.system.ConversionProperties;
import dev.darkroom.system.InstanceProperties;
import reactor.rabbitmq.Receiver;
import reactor.rabbitmq.Sender;

@Configuration(proxyBeanMethods = false)
class JobConfiguration {

    @Bean
    JobQueue jobQueue(Sender sender, Receiver receiver, JobProperties properties) {
        return new RabbitJobQueue(sender, receiver, properties.queue());
    }

    /** Concurrency defaults to the conversion threads; prefetch to twice that, so the next job is local. */
    @Bean
    QueueConsumer jobConsumer(JobQueue jobQueue, JobWorker worker, JobProperties properties,
                              ConversionProperties conversion, InstanceProperties instance, MeterRegistry metrics) {
        int concurrency = properties.concurrency() > 0 ? properties.concurrency() : conversion.effectiveThreads();
        int prefetch = properties.prefetch() > 0 ? properties.prefetch() : 2 * concurrency;
        return new QueueConsumer("jobs", jobQueue, concurrency, prefetch, instance.role().runsJobs(), worker::process, metrics);
    }
}
