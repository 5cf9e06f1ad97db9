package dev.darkroom.photo;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import io.micrometer.core.instrument.MeterRegistry;
import dev.darkroom.job.JobQueue;
import dev.darkroom.job.QueueConsumer;
import dev.darkroom.system.InstanceProperties;
import dev.darkroom.job.RabbitJobQueue;
import dev.darkroom.upload.UploadListener;
import reactor.rabbitmq.Receiver;
import reactor.rabbitmq.Sender;

@Configuration(proxyBeanMethods = false)
class PhotoConfiguration {

    @Bean
    JobQueue photoQueue(Sender sender, Receiver receiver, PhotoProperties properties) {
        return new RabbitJobQueue(sender, receiver, properties.queue());
    }

    /** The original consumer took one photo at a time; {@code darkroom.photos.concurrency} raises that. */
    @Bean
    QueueConsumer photoConsumer(JobQueue photoQueue, PhotoProcessor processor, PhotoProperties properties,
                                InstanceProperties instance, MeterRegistry metrics) {
        return new QueueConsumer("photos", photoQueue, properties.concurrency(), properties.concurrency(),
                instance.role().runsJobs(), processor::process, metrics);
    }

    /** Every upload gets its thumbnail and colours, through the same queue as registered photos. */
    @Bean
    UploadListener processEveryUpload(PhotoService photos, PhotoProperties properties) {
        return image -> {
            if (properties.processUploads()) {
                photos.process(java.util.List.of(image.id())).subscribe(
                        queued -> { },
                        error -> org.slf4j.LoggerFactory.getLogger(PhotoConfiguration.class)
                                .warn("Could not queue upload {} for processing; POST /photos/process retries it",
                                        image.id(), error));
            }
        };
    }
}
