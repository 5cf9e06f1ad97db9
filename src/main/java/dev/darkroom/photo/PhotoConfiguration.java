package dev.darkroom.photo;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import dev.darkroom.image.Image;
import dev.darkroom.image.ImageRepository;
import dev.darkroom.messaging.Outbox;
import dev.darkroom.messaging.WorkQueue;
import dev.darkroom.messaging.WorkQueueSpec;
import dev.darkroom.messaging.WorkQueues;
import dev.darkroom.system.InstanceProperties;
import dev.darkroom.upload.UploadListener;
import dev.darkroom.upload.UploadService;
import dev.darkroom.work.Runs;
import dev.darkroom.work.Sweeper;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Configuration(proxyBeanMethods = false)
class PhotoConfiguration {

    @Bean
    WorkQueue photoQueue(WorkQueues queues, PhotoProcessor processor, PhotoProperties properties,
                         InstanceProperties instance) {
        return queues.define(new WorkQueueSpec("photos", properties.queue(), properties.effectiveConcurrency(),
                instance.role().runsJobs(), false, processor));
    }

    /**
     * Downloads on a queue of their own, so that a slow server holds a download slot and never a
     * photo slot (see {@link DownloadStage}).
     */
    @Bean
    WorkQueue downloadQueue(WorkQueues queues, ImageRepository images, ImageDownloader downloader, UploadService uploads,
                            WorkQueue photoQueue, ImportProperties properties, InstanceProperties instance) {
        return queues.define(new WorkQueueSpec("downloads", properties.queue(), properties.concurrency(),
                instance.role().runsJobs(), false, new DownloadStage(images, downloader, uploads,
                        new HostPermits(properties.perHost()), photoQueue)));
    }

    @Bean
    Runs photoRuns(ImageRepository images) {
        return new Runs(images.processing(), Flux.never());
    }

    @Bean
    Sweeper.Target photoSweep(ImageRepository images, WorkQueue photoQueue) {
        return new Sweeper.Target("photos", images.processing(), photoQueue, id -> { }, (id, reason) -> { });
    }

    /**
     * Every upload gets its thumbnail and colours, through the same queue as registered photos;
     * the messages of a request's files commit with their rows, in one statement each.
     */
    @Bean
    UploadListener processEveryUpload(ImageRepository images, Outbox outbox, WorkQueue photoQueue,
                                      PhotoProperties properties) {
        return uploaded -> properties.processUploads()
                ? images.queueForProcessing(uploaded.stream().map(Image::id).toList()).collectList()
                        .flatMap(queued -> outbox.enqueue(photoQueue, queued))
                : Mono.empty();
    }
}
