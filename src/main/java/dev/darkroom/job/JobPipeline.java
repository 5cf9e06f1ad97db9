package dev.darkroom.job;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Consumer;

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
import dev.darkroom.progress.ProgressThrottle;
import dev.darkroom.progress.Stage;
import dev.darkroom.progress.Throughput;
import dev.darkroom.storage.ImageStore;
import dev.darkroom.work.Conversions;
import dev.darkroom.work.Footprint;
import dev.darkroom.work.Run;
import dev.darkroom.work.WorkFailure;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What running a job means, in order: load → decode → operate → encode → store. Loading and
 * storing are I/O; the three middle steps are pixel work, run through {@link Conversions} (the
 * bounded scheduler, within a memory reservation). The run's deadline and cancellation are
 * checked between steps and at every progress report, and bound the whole, I/O included.
 * Progress is split across the steps by their usual cost.
 */
@Component
class JobPipeline {

    private final ImageRepository images;
    private final ImageStore store;
    private final Conversions conversions;
    private final Throughput throughput;
    private final JsonMapper json;

    JobPipeline(ImageRepository images, ImageStore store, Conversions conversions, Throughput throughput, JsonMapper json) {
        this.images = images;
        this.store = store;
        this.conversions = conversions;
        this.throughput = throughput;
        this.json = json;
    }

    record Result(String key, String contentType) { }

    private record Encoded(byte[] bytes, String contentType, String extension) { }

    /**
     * @param progress told of each {@link Stage} and of the run's expected duration, for its events
     * @param record   told what the job is doing in words, for the record if its worker dies mid-way
     */
    Mono<Result> run(Job job, Run run, ProgressThrottle progress, Consumer<String> record) {
        long started = System.nanoTime();
        JsonNode params = json.readTree(job.params());
        String kind = throughputKey(job.operation(), params);
        java.util.function.BiConsumer<Stage, String> stage = (next, words) -> {
            record.accept(words);
            progress.stage(next);
        };
        // Validated when the job was submitted; parsing again only rebuilds the typed values.
        Operation operation = Operations.find(job.operation()).orElseThrow()
                .from(Params.of(params, "/params", ResultFormat.KEYS));
        ResultFormat format = ResultFormat.from(params, "/params");
        Progress checked = run.guard(progress);
        return images.find(job.imageId())
                .switchIfEmpty(Mono.error(() -> new WorkFailure("the image " + job.imageId() + " was deleted before the job ran")))
                .flatMap(image -> {
                    long pixels = (long) image.width() * image.height();
                    progress.expect(throughput.expected(kind, pixels));
                    stage.accept(Stage.DOWNLOADING, "loading the image");
                    return load(image).flatMap(bytes -> conversions.run(image.describe(),
                            Footprint.of(image.width(), image.height(), operation.decodeHint(), operation.workingCopies(), bytes.length),
                            run, () -> {
                                stage.accept(Stage.DECODING, "decoding " + image.describe());
                                var decoded = ImageDecoder.decode(bytes, operation.decodeHint(), checked.slice(0.02, 0.25));
                                run.checkpoint();
                                stage.accept(Stage.PROCESSING, "running " + job.operation() + " on " + image.describe());
                                Output output = operation.apply(decoded, checked.slice(0.25, 0.85));
                                run.checkpoint();
                                stage.accept(Stage.ENCODING, "encoding the result");
                                return encode(output, format, checked.slice(0.85, 0.99));
                            }))
                            .flatMap(encoded -> {
                                stage.accept(Stage.STORING, "storing the result");
                                return store(job.id(), encoded);
                            })
                            .doOnNext(stored -> throughput.record(kind, pixels, java.time.Duration.ofNanos(System.nanoTime() - started)));
                })
                .as(run::within);
    }

    /** Filters differ by orders of magnitude in speed, so each is measured apart. */
    static String throughputKey(String operation, JsonNode params) {
        String name = params.path("name").asString("");
        return name.isEmpty() ? operation : operation + ":" + name;
    }

    private Mono<byte[]> load(Image image) {
        if (image.originalKey() == null) {
            return Mono.error(new WorkFailure("the image has not been downloaded yet (status " + image.status() + ")",
                    true, null));
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
}
