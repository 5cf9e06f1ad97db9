package dev.darkroom.batch;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import org.springframework.stereotype.Component;
import dev.darkroom.image.ImageDecoder;
import dev.darkroom.image.ImageEncoder;
import dev.darkroom.image.UnreadableImageException;
import dev.darkroom.operation.Operation;
import dev.darkroom.operation.Output;
import dev.darkroom.operation.Progress;
import dev.darkroom.operation.filter.FilterOperation;
import dev.darkroom.storage.ImageStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import dev.darkroom.messaging.Faults;
import dev.darkroom.operation.DecodeHint;
import dev.darkroom.work.Conversions;
import dev.darkroom.work.Footprint;
import dev.darkroom.work.Run;
import dev.darkroom.work.WorkFailure;
import dev.darkroom.work.WorkStopped;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one batch: for each image in turn, load → decode once → for each filter, filter → encode
 * PNG → store. Pixel work runs through {@link Conversions}, one step at a time per batch and within
 * a memory reservation per image, so concurrent batches share the cores instead of one batch
 * taking them all.
 *
 * <p>A result that cannot be made (an image that will not decode, a filter that throws) is
 * recorded as that item's error and the batch goes on; a storage or database fault stops it, for
 * the worker to retry.
 */
@Component
class BatchRunner {

    private final ImageStore store;
    private final Conversions conversions;
    private final JsonMapper json;

    BatchRunner(ImageStore store, Conversions conversions, JsonMapper json) {
        this.store = store;
        this.conversions = conversions;
        this.json = json;
    }

    record Outcome(List<Batch.Result> results, List<Batch.ItemError> errors) { }

    /** The decoded image stays while each filter makes its planes and its output: see BandFilter. */
    private static final int FILTER_COPIES = 5;

    Mono<Outcome> run(Batch batch, Run run, BatchProgress progress) {
        // Validated when the batch was submitted; this only rebuilds the typed filters.
        List<Operation> filters = new ArrayList<>();
        for (int j = 0; j < batch.filters().size(); j++) {
            Batch.Filter filter = batch.filters().get(j);
            filters.add(FilterOperation.from(json.getNodeFactory().stringNode(filter.name()), filter.params(), "/filters/" + j));
        }
        List<Batch.Result> results = Collections.synchronizedList(new ArrayList<>());
        List<Batch.ItemError> errors = Collections.synchronizedList(new ArrayList<>());
        return Flux.range(0, batch.images().size())
                .concatMap(i -> image(batch, i, filters, run, progress, results, errors))
                .then(Mono.fromSupplier(() -> new Outcome(
                        results.stream().sorted(Comparator.comparingInt(Batch.Result::image)
                                .thenComparingInt(Batch.Result::filter)).toList(),
                        List.copyOf(errors))));
    }

    /** One image: its memory reserved once, decoded once, then every filter over it in turn. */
    private Mono<Void> image(Batch batch, int i, List<Operation> filters, Run run, BatchProgress progress,
                             List<Batch.Result> results, List<Batch.ItemError> errors) {
        Batch.Input input = batch.images().get(i);
        long pixels = input.pixels();
        String what = "image " + i + " (" + input.width() + "x" + input.height() + ")";
        long footprint = Footprint.of(input.width(), input.height(), DecodeHint.FULL, FILTER_COPIES, input.bytes());
        return conversions.reserving(what, footprint, reserved -> store.readAllBytes(input.key())
                .flatMap(bytes -> conversions.compute(what, run, () -> decode(bytes, run.guard(progress.step(pixels * BatchProgress.DECODE)))))
                .flatMap(image -> Flux.range(0, filters.size())
                        .concatMap(j -> item(batch.id(), i, j, image, filters.get(j), what, run, pixels, progress)
                                .doOnNext(results::add)
                                .onErrorResume(e -> !Faults.isInfrastructure(e) && !(e instanceof WorkStopped), e -> {
                                    errors.add(new Batch.ItemError(i, j, BatchWorker.reason(e)));
                                    progress.resultsFailed(1, 0);
                                    return Mono.empty();
                                }))
                        .then()))
                .onErrorResume(e -> e instanceof UnreadableImageException || e instanceof WorkFailure, e -> {
                    for (int j = 0; j < filters.size(); j++) {
                        errors.add(new Batch.ItemError(i, j, e.getMessage()));
                    }
                    progress.resultsFailed(filters.size(), pixels * filters.size() * (BatchProgress.FILTER + BatchProgress.ENCODE));
                    return Mono.empty();
                });
    }

    private static BufferedImage decode(byte[] bytes, Progress progress) {
        try {
            return ImageDecoder.decode(bytes, progress);
        } catch (UnreadableImageException | WorkStopped e) {
            throw e;
        } catch (RuntimeException e) {
            // A header can promise an image that its data does not deliver; that fails this image alone.
            throw new UnreadableImageException("the image could not be decoded", e);
        }
    }

    private Mono<Batch.Result> item(java.util.UUID batchId, int i, int j, BufferedImage image, Operation filter,
                                    String what, Run run, long pixels, BatchProgress progress) {
        String key = "batches/" + batchId + "/results/" + i + "-" + j + ".png";
        return conversions.compute(what, run, () -> {
                    Progress step = run.guard(progress.step(pixels * (BatchProgress.FILTER + BatchProgress.ENCODE)));
                    double split = BatchProgress.FILTER / (BatchProgress.FILTER + BatchProgress.ENCODE);
                    Output output = filter.apply(image, step.slice(0, split));
                    if (!(output instanceof Output.Image filtered)) {
                        throw new IllegalStateException("the filter made no image");
                    }
                    return ImageEncoder.encode(filtered.image(), ImageEncoder.Format.PNG, 100, step.slice(split, 1));
                })
                .flatMap(png -> store.put(key, png, ImageEncoder.Format.PNG.mediaType()))
                .then(Mono.fromSupplier(() -> {
                    progress.resultMade();
                    return new Batch.Result(i, j, key);
                }));
    }
}
