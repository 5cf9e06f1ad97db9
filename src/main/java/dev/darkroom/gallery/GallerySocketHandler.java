package dev.darkroom.gallery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import dev.darkroom.security.Caller;
import dev.darkroom.security.Scope;
import dev.darkroom.web.SocketEndpoint;
import dev.darkroom.web.SocketOutbox;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /ws/gallery}, as web/PROTOCOL.md describes it: pages of images matching a hue, newest
 * first, then live {@code added} images of that hue and {@code deleted} ids of any hue.
 */
@Component
class GallerySocketHandler implements WebSocketHandler, SocketEndpoint {

    private static final Logger log = LoggerFactory.getLogger(GallerySocketHandler.class);
    private final GalleryRepository gallery;
    private final GalleryFeed feed;
    private final ImageDeletion deletion;
    private final GalleryProperties properties;
    private final JsonMapper json;

    GallerySocketHandler(GalleryRepository gallery, GalleryFeed feed, ImageDeletion deletion,
                         GalleryProperties properties, JsonMapper json) {
        this.gallery = gallery;
        this.feed = feed;
        this.deletion = deletion;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public String path() {
        return "/ws/gallery";
    }

    @Override
    public WebSocketHandler handler() {
        return this;
    }

    /**
     * The connection's current query. {@code last} is the keyset cursor: the last image sent, so
     * {@code more} continues below it whatever was added or deleted since; null once exhausted.
     */
    private record Query(long id, int hue, int tolerance, GalleryImage last) { }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        return Caller.current().flatMap(caller -> handle(session, caller));
    }

    /**
     * Everything a connection sees and deletes is its caller's owner's. Its messages and its live
     * updates are handled one at a time, in one sequence: an image completed while a query's page
     * is read was committed after the page's snapshot, so its {@code added} must follow the page,
     * or the page (which resets the client's list) would wipe it from the client.
     */
    private Mono<Void> handle(WebSocketSession session, Caller caller) {
        AtomicReference<Query> current = new AtomicReference<>();
        SocketOutbox outgoing = new SocketOutbox(session);
        Flux<GalleryFeed.Update> live = feed.updates()
                .filter(update -> update.owner().equals(caller.owner()))
                // Updates wait here while a page is read; past the backlog the oldest go (the
                // client is right again at its next query). Otherwise each is sent at once.
                .onBackpressureBuffer(SocketOutbox.BACKLOG, dropped -> { }, BufferOverflowStrategy.DROP_OLDEST);
        Flux<String> messages = session.receive()
                // Pongs answering our pings come in here too; they are no messages.
                .filter(message -> message.getType() == WebSocketMessage.Type.TEXT)
                .map(WebSocketMessage::getPayloadAsText);
        Mono<Void> input = SocketOutbox.withUpdates(messages, live)
                .concatMap(item -> switch (item) {
                    case String text -> onMessage(text, caller, current, outgoing);
                    case GalleryFeed.Update update -> outgoing.send(live(update, current.get()));
                    default -> throw new IllegalStateException("Neither a message nor an update: " + item);
                })
                .then()
                .cache();
        Flux<WebSocketMessage> output = outgoing.frames()
                .map(message -> session.textMessage(json.writeValueAsString(message)))
                .mergeWith(Flux.interval(properties.ping()).map(tick -> session.pingMessage(buffers -> buffers.allocateBuffer(0))))
                .takeUntilOther(input);
        return SocketOutbox.endingQuietly(Mono.when(input, session.send(output)));
    }

    /** Deletions of any hue; additions of the current query's hue only. */
    private static Map<String, Object> live(GalleryFeed.Update update, Query query) {
        return switch (update) {
            case GalleryFeed.Update.Deleted deleted -> frame("deleted", "id", deleted.id());
            case GalleryFeed.Update.Added added -> query != null && added.image().matches(query.hue(), query.tolerance())
                    ? frame("added", "image", added.image()) : null;
        };
    }

    private Mono<Void> onMessage(String text, Caller caller, AtomicReference<Query> current,
                                 SocketOutbox outgoing) {
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (JacksonException e) {
            message = null;
        }
        if (message == null || !message.isObject()) {
            return outgoing.send(error("Messages must be JSON objects such as {\"type\":\"query\",\"hue\":210,\"queryId\":1}"));
        }
        // Unknown types are ignored, so that clients may grow the protocol.
        return switch (message.path("type").asString("")) {
            case "query" -> query(message, caller, current, outgoing);
            case "more" -> more(message, caller, current, outgoing);
            case "delete" -> delete(message, caller, outgoing);
            default -> Mono.empty();
        };
    }

    private Mono<Void> query(JsonNode message, Caller caller, AtomicReference<Query> current,
                             SocketOutbox outgoing) {
        JsonNode queryId = message.path("queryId");
        if (!queryId.isIntegralNumber() || queryId.asLong() < 1) {
            return outgoing.send(error("A query needs a queryId, a positive integer that grows with each query"));
        }
        long id = queryId.asLong();
        JsonNode hue = message.path("hue");
        if (!hue.isNumber()) {
            return outgoing.send(error("A query needs a hue in degrees, 0 to 359", "queryId", id));
        }
        int tolerance = properties.tolerance();
        if (message.path("tolerance").isNumber()) {
            tolerance = (int) Math.clamp(Math.round(message.path("tolerance").asDouble()), 0, properties.maxTolerance());
        }
        Query query = new Query(id, (int) Math.floorMod(Math.round(hue.asDouble()), 360), tolerance, null);
        // Updates wait while the page is read (see handle); those after it are judged by this hue.
        current.set(query);
        return page(caller, query, properties.firstPage(), current, outgoing, true);
    }

    private Mono<Void> more(JsonNode message, Caller caller, AtomicReference<Query> current,
                            SocketOutbox outgoing) {
        long id = message.path("queryId").asLong(0);
        Query query = current.get();
        if (query == null || query.id() != id) {
            return outgoing.send(error("'more' names query " + id + ", but the current query is "
                    + (query == null ? "none" : query.id()) + "; send a query first", "queryId", id));
        }
        if (query.last() == null) {
            return outgoing.send(images(query, false, List.of(), false));
        }
        return page(caller, query, properties.nextPage(), current, outgoing, false);
    }

    /** Reads one more than asked, to tell whether another page follows without a count. */
    private Mono<Void> page(Caller caller, Query query, int size, AtomicReference<Query> current,
                            SocketOutbox outgoing, boolean reset) {
        return gallery.matching(caller.owner(), query.hue(), query.tolerance(), query.last(), size + 1)
                .collectList()
                .flatMap(found -> {
                    boolean hasMore = found.size() > size;
                    List<GalleryImage> page = hasMore ? found.subList(0, size) : found;
                    GalleryImage last = hasMore ? page.getLast() : null;
                    current.compareAndSet(query, new Query(query.id(), query.hue(), query.tolerance(), last));
                    return outgoing.send(images(query, reset, page, hasMore));
                })
                .onErrorResume(e -> !(e instanceof SocketOutbox.FellBehind), e -> {
                    log.warn("Gallery query for hue {} failed", query.hue(), e);
                    return outgoing.send(error("Could not load the images; try again", "queryId", query.id()));
                });
    }

    private Mono<Void> delete(JsonNode message, Caller caller, SocketOutbox outgoing) {
        String text = message.path("id").asString("");
        if (!caller.may(Scope.write)) {
            return outgoing.send(error("This key may only look (scope read); deleting needs the write scope", "id", text));
        }
        UUID id;
        try {
            id = UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return outgoing.send(error("'" + text + "' is not an image id", "id", text));
        }
        // Success is answered by the deleted broadcast, which reaches this connection too.
        return deletion.delete(caller.owner(), id)
                .flatMap(deleted -> deleted ? Mono.<Void>empty()
                        : outgoing.send(error("No image has id " + id + "; it may have been deleted already", "id", text)))
                .onErrorResume(e -> !(e instanceof SocketOutbox.FellBehind), e -> {
                    log.warn("Could not delete image {}", id, e);
                    return outgoing.send(error("Could not delete the image; try again", "id", text));
                });
    }

    private Map<String, Object> images(Query query, boolean reset, List<GalleryImage> images, boolean hasMore) {
        Map<String, Object> frame = frame("images", "queryId", query.id());
        frame.put("reset", reset);
        frame.put("images", images);
        frame.put("hasMore", hasMore);
        frame.put("hue", query.hue());
        frame.put("tolerance", query.tolerance());
        return frame;
    }

    private static Map<String, Object> error(String message) {
        return frame("error", "message", message);
    }

    private static Map<String, Object> error(String message, String key, Object value) {
        Map<String, Object> frame = error(message);
        frame.put(key, value);
        return frame;
    }

    private static Map<String, Object> frame(String type, String key, Object value) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", type);
        frame.put(key, value);
        return frame;
    }
}
