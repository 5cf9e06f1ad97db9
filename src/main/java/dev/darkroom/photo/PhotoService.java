package dev.darkroom.photo;

import java.net.URI;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import dev.darkroom.image.Image;
import dev.darkroom.image.ImageRepository;
import dev.darkroom.operation.InvalidParamsException;
import dev.darkroom.operation.ParamViolation;
import dev.darkroom.messaging.Outbox;
import dev.darkroom.messaging.WorkQueue;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.http.HttpStatus;
import dev.darkroom.web.ProblemType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The photo-processor workflow: photos are registered (by URL, or by upload), wait as pending,
 * and are processed one message per photo into a thumbnail and dominant colours.
 */
@Service
public class PhotoService {

    static final ProblemType NOT_FOUND = new ProblemType("photo-not-found", HttpStatus.NOT_FOUND, "Photo not found",
            "No photo has this uuid.");

    private final ImageRepository images;
    private final PhotoRepository photos;
    private final WorkQueue queue;
    private final Outbox outbox;
    private final TransactionalOperator transaction;
    private final ImportProperties imports;

    PhotoService(ImageRepository images, PhotoRepository photos, WorkQueue photoQueue, Outbox outbox,
                 TransactionalOperator transaction, ImportProperties imports) {
        this.images = images;
        this.photos = photos;
        this.queue = photoQueue;
        this.outbox = outbox;
        this.transaction = transaction;
        this.imports = imports;
    }

    /** Checks every URL before storing any; what only DNS can tell is checked at download. */
    public Flux<Image> register(UUID owner, List<String> urls, String pointerPrefix) {
        List<ParamViolation> problems = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            String problem = urlProblem(urls.get(i));
            if (problem != null) {
                problems.add(new ParamViolation(pointerPrefix.replace("{i}", Integer.toString(i)), problem));
            }
        }
        if (!problems.isEmpty()) {
            return Flux.error(new InvalidParamsException(problems));
        }
        return images.insertByUrl(owner, urls);
    }

    private String urlProblem(String raw) {
        if (raw == null || raw.isBlank()) {
            return "is required: the http(s) URL of an image";
        }
        URI url;
        try {
            url = URI.create(raw.strip());
        } catch (IllegalArgumentException e) {
            return "'" + raw + "' is not a valid URL";
        }
        String refusal = NettyImageDownloader.urlRefusal(url);
        if (refusal != null) {
            return refusal;
        }
        // An IP literal can be judged now; a name only once resolved, at download.
        if (url.getHost().matches("[0-9.]+|\\[[0-9a-fA-F:.]+]") && !imports.allows(url.getHost(), port(url))) {
            try {
                String why = AddressPolicy.refusal(InetAddress.getByName(url.getHost().replace("[", "").replace("]", "")));
                if (why != null) {
                    return url.getHost() + " " + why + "; Darkroom downloads only from public addresses";
                }
            } catch (java.net.UnknownHostException e) {
                return "'" + url.getHost() + "' is not a valid address";
            }
        }
        return null;
    }

    private static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    public Flux<Image> pending(UUID owner) {
        return images.pending(owner);
    }

    public Mono<Image> find(UUID owner, UUID id) {
        return images.find(owner, id).switchIfEmpty(Mono.error(() -> NOT_FOUND.because("No photo has uuid " + id)
                .with("uuid", id)));
    }

    public Flux<Thumbnail> thumbnails(UUID id) {
        return photos.thumbnails(id);
    }

    /**
     * One message per photo that is pending or failed, committed with the photo's state; photos
     * completed or being processed are left alone. Every id must name a photo.
     */
    public Mono<List<UUID>> process(UUID owner, List<UUID> ids) {
        List<UUID> distinct = ids.stream().distinct().toList();
        return images.missing(owner, distinct).flatMap(missing -> missing.isEmpty()
                ? images.queueForProcessing(distinct).collectList()
                        .flatMap(queued -> outbox.enqueue(queue, queued))
                        .as(transaction::transactional)
                        .thenReturn(distinct)
                : Mono.error(NOT_FOUND.because((missing.size() == 1 ? "No photo has uuid " + missing.getFirst()
                        : "No photos have uuids " + missing) + "; register them first with POST /photos")
                        .with("uuids", missing)));
    }

    public Mono<Long> queueDepth() {
        return queue.depth();
    }
}
