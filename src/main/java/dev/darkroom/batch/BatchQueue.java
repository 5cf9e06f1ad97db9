package dev.darkroom.batch;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import dev.darkroom.messaging.WorkQueue;
import dev.darkroom.messaging.WorkQueueSpec;
import dev.darkroom.messaging.WorkQueues;
import dev.darkroom.progress.ProgressBus;
import dev.darkroom.progress.ProgressEvent;
import dev.darkroom.system.InstanceProperties;
import dev.darkroom.work.Runs;
import dev.darkroom.work.Sweeper;

/**
 * The queue of batch ids. Wrapped rather than exposed as a {@link WorkQueue} bean, so that code
 * asking for "the" job queue by type never gets this one.
 */
record BatchQueue(WorkQueue queue) {

    @Configuration(proxyBeanMethods = false)
    static class Setup {

        /**
         * A single active consumer: the broker hands batches to one instance at a time (and fails
         * over to another if it goes), so the concurrency limit holds across all instances. The
         * limit is both prefetch and parallelism: a batch runs, or waits in the broker.
         */
        @Bean
        BatchQueue batchQueue(WorkQueues queues, BatchWorker worker, BatchProperties properties,
                              InstanceProperties instance) {
            return new BatchQueue(queues.define(new WorkQueueSpec("batches", properties.queue(), properties.effectiveConcurrency(),
                    instance.role().runsJobs(), true, worker)));
        }

        /** A batch cancelled on any instance stops where it runs. */
        @Bean
        Runs batchRuns(BatchRepository batches, ProgressBus bus) {
            return new Runs(batches.table(), bus.events()
                    .filter(event -> ProgressEvent.CANCELLED.equals(event.status()))
                    .map(ProgressEvent::jobId));
        }

        @Bean
        Sweeper.Target batchSweep(BatchRepository batches, BatchQueue batchQueue, ProgressBus bus) {
            return new Sweeper.Target("batches", batches.table(), batchQueue.queue(),
                    id -> batches.find(id).subscribe(batch -> bus.publish(BatchService.state(batch))),
                    (id, reason) -> bus.publish(new ProgressEvent(id, ProgressEvent.FAILED, 0, reason)));
        }
    }
}
