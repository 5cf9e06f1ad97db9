package dev.darkroom.job;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import dev.darkroom.messaging.WorkQueue;
import dev.darkroom.messaging.WorkQueueSpec;
import dev.darkroom.messaging.WorkQueues;
import dev.darkroom.progress.ProgressBus;
import dev.darkroom.progress.ProgressEvent;
import dev.darkroom.system.ConversionProperties;
import dev.darkroom.system.InstanceProperties;
import dev.darkroom.work.Runs;
import dev.darkroom.work.Sweeper;

@Configuration(proxyBeanMethods = false)
class JobConfiguration {

    /** Concurrency defaults to the conversion threads; the memory budget bounds it further. */
    @Bean
    WorkQueue jobQueue(WorkQueues queues, JobWorker worker, JobProperties properties, ConversionProperties conversion,
                       InstanceProperties instance) {
        return queues.define(new WorkQueueSpec("jobs", properties.queue(), properties.effectiveConcurrency(conversion),
                instance.role().runsJobs(), false, worker));
    }

    /**
     * High-priority jobs: a queue of their own, consumed beside the bulk one with as many slots
     * again, so a job someone waits for is never behind a backlog in the broker. The slots cost
     * little: the conversion threads and the memory budget bound the pixel work, and admit this
     * queue's first.
     */
    @Bean
    WorkQueue interactiveJobQueue(WorkQueues queues, JobWorker worker, JobProperties properties,
                                  ConversionProperties conversion, InstanceProperties instance) {
        int concurrency = properties.concurrency() > 0 ? properties.concurrency() : conversion.effectiveThreads();
        return queues.define(new WorkQueueSpec("interactive-jobs", properties.effectiveInteractiveQueue(), concurrency,
                instance.role().runsJobs(), false, worker));
    }

    /** A job cancelled on any instance stops where it runs. */
    @Bean
    Runs jobRuns(JobRepository jobs, ProgressBus bus) {
        return new Runs(jobs.table(), bus.events()
                .filter(event -> ProgressEvent.CANCELLED.equals(event.status()))
                .map(ProgressEvent::jobId));
    }

    /** Jobs whose worker vanished go back in line; followers hear it. */
    @Bean
    Sweeper.Target jobSweep(JobRepository jobs, WorkQueue jobQueue, ProgressBus bus) {
        return new Sweeper.Target("jobs", jobs.table().where("priority = 'normal'"), jobQueue,
                id -> jobs.find(id).subscribe(job -> bus.publish(JobEvents.stored(job))),
                (id, reason) -> bus.publish(new ProgressEvent(id, ProgressEvent.FAILED, 0, reason)));
    }

    /** The same for the interactive line, whose lost messages go back to its own queue. */
    @Bean
    Sweeper.Target interactiveJobSweep(JobRepository jobs, WorkQueue interactiveJobQueue, ProgressBus bus) {
        return new Sweeper.Target("interactive-jobs", jobs.table().where("priority = 'high'"), interactiveJobQueue,
                id -> jobs.find(id).subscribe(job -> bus.publish(JobEvents.stored(job))),
                (id, reason) -> bus.publish(new ProgressEvent(id, ProgressEvent.FAILED, 0, reason)));
    }

}
