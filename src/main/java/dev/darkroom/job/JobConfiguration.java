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
        return new Sweeper.Target("jobs", jobs.table(), jobQueue,
                id -> jobs.find(id).subscribe(job -> bus.publish(JobEvents.stored(job))),
                (id, reason) -> bus.publish(new ProgressEvent(id, ProgressEvent.FAILED, 0, reason)));
    }

}
