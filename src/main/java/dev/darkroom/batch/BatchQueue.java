package dev.darkroom.batch;

import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import io.micrometer.core.instrument.MeterRegistry;
import dev.darkroom.job.JobQueue;
import dev.darkroom.job.QueueConsumer;
import dev.darkroom.system.InstanceProperties;
import dev.darkroom.job.RabbitJobQueue;
import reactor.rabbitmq.Receiver;
import reactor.rabbitmq.Sender;

/**
 * The queue of batch ids. Wrapped rather than exposed as a {@link JobQueue} bean, so that code
 * asking for "the" JobQueue keeps getting the job queue.
 */
record BatchQueue(JobQueue queue) {

    @Configuration(proxyBeanMethods = false)
    static class Setup {

        /**
         * A single active consumer: the broker hands batches to one instance at a time (and fails
         * over to another if it goes), so the concurrency limit holds across all instances.
         */
        @Bean
        BatchQueue batchQueue(Sender sender, Receiver receiver, BatchProperties properties) {
            return new BatchQueue(new RabbitJobQueue(sender, receiver, properties.queue(),
                    Map.of("x-single-active-consumer", true)));
        }

        /** The concurrency limit is both prefetch and parallelism: a batch runs, or waits in the broker. */
        @Bean
        QueueConsumer batchConsumer(BatchQueue queue, BatchWorker worker, BatchProperties properties,
                                    InstanceProperties instance, MeterRegistry metrics) {
            return new QueueConsumer("batches", queue.queue(), properties.concurrency(), properties.concurrency(),
                    instance.role().runsJobs(), worker::process, metrics);
        }
    }
}
