package dev.darkroom.job;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import reactor.core.publisher.Flux;
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

    /**
     * Where the result is stored, and its type; for format {@code auto}, {@code variants} maps each
     * other encoding's media type to its key (empty otherwise).
     */
    record Result(String key, String contentType, Map<String, String> variants) { }

    /** One encoding of the result; {@code alternatives} are the other encodings of format auto. */
    private record Encoded(byte[] bytes, String contentType, String extension, List<Encoded> alternatives) {
        Encoded(byte[] bytes, String contentType, String extension) {
            this(bytes, contentType, extension, List.of());
        }
    }

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
            case Output.Image image when format.auto() -> {
                ImageEncoder.Format fallback = ResultFormat.fallback(image.image().getColorModel().hasAlpha());
                Encoded modern = encode(image, format.format(), format.quality(), progress.slice(0, 0.6));
                Encoded common = encode(image, fallback, format.quality(), progress.slice(0.6, 1));
                yield new Encoded(common.bytes(), common.contentType(), common.extension(), List.of(modern));
            }
            case Output.Image image -> encode(image, format.format(), format.quality(), progress);
            case Output.Text text -> new Encoded(text.text().getBytes(StandardCharsets.UTF_8), "text/plain;charset=UTF-8", "txt");
            case Output.Json value -> new Encoded(json.writeValueAsBytes(value.value()), "application/json", "json");
        };
    }

    private static Encoded encode(Output.Image image, ImageEncoder.Format format, int quality, Progress progress) {
        return new Encoded(ImageEncoder.encode(image.image(), format, quality, progress), format.mediaType(), format.extension());
    }

    private Mono<Result> store(UUID jobId, Encoded encoded) {
        Map<String, String> variants = new LinkedHashMap<>();
        encoded.alternatives().forEach(other -> variants.put(other.contentType(), key(jobId, other)));
        return Flux.fromIterable(encoded.alternatives())
                .concatMap(other -> store.put(key(jobId, other), other.bytes(), other.contentType()))
                .then(store.put(key(jobId, encoded), encoded.bytes(), encoded.contentType()))
                .thenReturn(new Result(key(jobId, encoded), encoded.contentType(), Map.copyOf(variants)));
    }

    private static String key(UUID jobId, Encoded encoded) {
        return "results/" + jobId + "." + encoded.extension();
    }
}
