package dev.darkroom.job;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.springframework.stereotype.Component;
import dev.darkroom.image.Image;
import dev.darkroom.image.ImageDecoder;
import dev.darkroom.image.ImageEncoder;
import dev.darkroom.image.ImageRepository;
import dev.darkroom.operation.Operation;
import dev.darkroom.operation.Operations;
import dev.darkroom.operation.Output;
import dev.darkroom.operation.Params;
import dev.darkroom.operation.Progress;
import dev.darkroom.storage.ImageStore;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What running a job means, in order: load → decode → operate → encode → store. Loading and
 * storing are I/O on the elastic pool; the three middle steps are CPU work on the bounded
 * conversion scheduler. Progress is split across the steps by their usual cost.
 */
@Component
class JobPipeline {

    private final ImageRepository images;
    private final ImageStore store;
    private final Scheduler conversions;
    private final JsonMapper json;

    JobPipeline(ImageRepository images, ImageStore store, Scheduler conversionScheduler, JsonMapper json) {
        this.images = images;
        this.store = store;
        this.conversions = conversionScheduler;
        this.json = json;
    }

    record Result(String key, String contentType) { }

    private record Encoded(byte[] bytes, String contentType, String extension) { }

    Mono<Result> run(Job job, Progress progress) {
        JsonNode params = json.readTree(job.params());
        // Validated when the job was submitted; parsing again only rebuilds the typed values.
        Operation operation = Operations.find(job.operation()).orElseThrow()
                .from(Params.of(params, "/params", ResultFormat.KEYS));
        ResultFormat format = ResultFormat.from(params, "/params");
        return images.find(job.imageId())
                .switchIfEmpty(Mono.error(() -> new JobFailure("image " + job.imageId() + " was deleted before the job ran")))
                .flatMap(image -> load(image))
                .publishOn(conversions)
                .map(bytes -> ImageDecoder.decode(bytes, operation.decodeHint(), progress.slice(0.02, 0.25)))
                .map(decoded -> operation.apply(decoded, progress.slice(0.25, 0.85)))
                .map(output -> encode(output, format, progress.slice(0.85, 0.99)))
                .flatMap(encoded -> store(job.id(), encoded));
    }

    private Mono<byte[]> load(Image image) {
        if (image.originalKey() == null) {
            return Mono.error(new JobFailure("the image has not been downloaded yet (status " + image.status() + ")"));
        }
        return store.readAllBytes(image.originalKey());
    }

    private Encoded encode(Output output, ResultFormat format, Progress progress) {
        return switch (output) {
            case Output.Image image -> new Encoded(
                    ImageEncoder.encode(image.image(), format.format(), format.quality(), progress),
                    format.format().mediaType(), format.format().extension());
            case Output.Text text -> new Encoded(text.text().getBytes(StandardCharsets.UTF_8), "text/plain;charset=UTF-8", "txt");
            case Output.Json value -> new Encoded(json.writeValueAsBytes(value.value()), "application/json", "json");
        };
    }

    private Mono<Result> store(UUID jobId, Encoded encoded) {
        String key = "results/" + jobId + "." + encoded.extension();
        return store.put(key, encoded.bytes(), encoded.contentType()).thenReturn(new Result(key, encoded.contentType()));
    }

    /** A job that cannot succeed, with a reason meant for the user. */
    static final class JobFailure extends RuntimeException {
        JobFailure(String reason) {
            super(reason);
        }
    }
}
