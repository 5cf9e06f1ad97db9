package dev.darkroom.compat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.net.URI;
import dev.darkroom.webhook.Webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import dev.darkroom.image.Image;
import dev.darkroom.operation.InvalidParamsException;
import dev.darkroom.operation.ParamViolation;
import dev.darkroom.photo.PhotoService;
import dev.darkroom.photo.Thumbnail;
import reactor.core.publisher.Mono;
import dev.darkroom.security.Caller;
import tools.jackson.databind.JsonNode;

/**
 * The photo-processor's routes and JSON, unchanged for its scripted clients (snake_case fields,
 * bare arrays). A thin adapter over {@link PhotoService}.
 */
@RestController
@Tag(name = PhotoRoutes.TAG)
class PhotoRoutes {

    static final String TAG = "Earlier: photo processor";

    private final PhotoService photos;
    private final dev.darkroom.photo.PhotoProperties properties;

    PhotoRoutes(PhotoService photos, dev.darkroom.photo.PhotoProperties properties) {
        this.properties = properties;
        this.photos = photos;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Photo")
    record PhotoRecord(UUID uuid, @Nullable String url, String status, @JsonProperty("created_at") Instant createdAt,
                       @Nullable String error, @Nullable List<ThumbnailRecord> thumbnails,
                       @Schema(description = "Only in the answer to a registration that named a callback: its secret is shown this once")
                       Webhooks.@Nullable Callback callback) {
        static PhotoRecord of(Image image) {
            return new PhotoRecord(image.id(), image.url(), image.status().name(), image.createdAt(), image.error(), null, null);
        }

        static PhotoRecord of(PhotoService.Registered registered) {
            Image image = registered.image();
            return new PhotoRecord(image.id(), image.url(), image.status().name(), image.createdAt(), image.error(), null,
                    registered.callback());
        }
    }

    @Schema(name = "PhotoThumbnail")
    record ThumbnailRecord(UUID uuid, @JsonProperty("photo_uuid") UUID photoUuid, int width, int height, String url,
                           @JsonProperty("created_at") Instant createdAt) {
        static ThumbnailRecord of(Thumbnail t) {
            return new ThumbnailRecord(t.uuid(), t.photoUuid(), t.width(), t.height(), t.url(), t.createdAt());
        }
    }

    /** {@code [{"url":...}, ...]} or one {@code {"url":...}}; the reply has the same shape. */
    @Schema(name = "PhotoUrl", requiredProperties = "url")
    record PhotoUrl(@Schema(format = "uri", description = "An http(s) URL of an image") String url,
                    @Schema(ref = "#/components/schemas/CallbackRequest") @Nullable Object callback) { }

    @Operation(operationId = "registerPhotos", summary = "Register photos by URL, as pending",
            description = "Only registers them: POST /photos/process queues their download and processing.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(oneOf = {PhotoUrl.class, PhotoUrl[].class}))))
    @ApiResponse(responseCode = "201", description = "Registered as pending; one photo for one object, an array for an array",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(oneOf = {PhotoRecord.class, PhotoRecord[].class})))
    @PostMapping(path = "/photos", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Object>> register(@RequestBody JsonNode body) {
        boolean single = body.isObject();
        List<PhotoService.Registration> registrations = new ArrayList<>();
        List<ParamViolation> problems = new ArrayList<>();
        List<JsonNode> items = single ? List.of(body) : body.isArray() ? body.valueStream().toList() : List.of();
        if (items.isEmpty()) {
            problems.add(new ParamViolation("", "send {\"url\":\"https://...\"} or a non-empty array of such objects"));
        }
        if (items.size() > properties.maxUrls()) {
            throw new InvalidParamsException(List.of(new ParamViolation("", "has " + items.size() + " URLs; one request may "
                    + "register at most " + properties.maxUrls() + " (darkroom.photos.max-urls): send the rest in further requests")));
        }
        for (int i = 0; i < items.size(); i++) {
            String at = single ? "" : "/" + i;
            JsonNode url = items.get(i).path("url");
            if (!url.isString()) {
                problems.add(new ParamViolation(at + "/url", "is required: the http(s) URL of an image"));
            }
            URI callback = Webhooks.callbackUrl(items.get(i).get("callback"), at + "/callback", problems);
            registrations.add(new PhotoService.Registration(url.asString(""), callback));
        }
        if (!problems.isEmpty()) {
            throw new InvalidParamsException(problems);
        }
        return Caller.currentOwner().flatMapMany(owner -> photos.register(owner, registrations, single ? "/url" : "/{i}/url"))
                .map(PhotoRecord::of).collectList()
                .map(records -> ResponseEntity.status(HttpStatus.CREATED).body(single ? records.getFirst() : records));
    }

    @Operation(operationId = "listPendingPhotos", summary = "Photos registered and not yet processed")
    @GetMapping(path = "/photos/pending", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<List<PhotoRecord>> pending() {
        return Caller.currentOwner().flatMapMany(photos::pending).map(PhotoRecord::of).collectList();
    }

    @Operation(operationId = "getPhoto", summary = "A photo with its thumbnails")
    @GetMapping(path = "/photos/{uuid}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<PhotoRecord> photo(@PathVariable UUID uuid) {
        // The thumbnails are read after the photo, never beside it: a photo's completion and its
        // thumbnail's row commit together, so a photo read as completed finds its thumbnail, where
        // two reads at once could see the thumbnail not yet there and the status already completed.
        return Caller.currentOwner().flatMap(owner -> photos.find(owner, uuid))
                .flatMap(image -> photos.thumbnails(uuid).map(ThumbnailRecord::of).collectList()
                        .map(thumbnails -> new PhotoRecord(image.id(), image.url(), image.status().name(),
                                image.createdAt(), image.error(), thumbnails, null)));
    }

    @Schema(name = "PhotosQueued")
    record Queued(List<UUID> queued) { }

    /** A JSON array of photo uuids (one bare uuid string is accepted too). */
    @Operation(operationId = "processPhotos", summary = "Queue photos for download and processing",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(oneOf = {UUID.class, UUID[].class}))))
    @ApiResponse(responseCode = "202", description = "One message per photo published")
    @PostMapping(path = "/photos/process", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Queued>> process(@RequestBody JsonNode body) {
        List<JsonNode> items = body.isArray() ? body.valueStream().toList() : List.of(body);
        List<UUID> ids = new ArrayList<>();
        List<ParamViolation> problems = new ArrayList<>();
        if (items.isEmpty()) {
            problems.add(new ParamViolation("", "send a JSON array of one or more photo uuids"));
        }
        for (int i = 0; i < items.size(); i++) {
            String raw = items.get(i).asString("");
            try {
                ids.add(UUID.fromString(raw));
            } catch (IllegalArgumentException e) {
                problems.add(new ParamViolation(body.isArray() ? "/" + i : "", "'" + raw + "' is not a photo uuid"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidParamsException(problems);
        }
        return Caller.currentOwner().flatMap(owner -> photos.process(owner, ids)).map(queued -> ResponseEntity.status(HttpStatus.ACCEPTED).body(new Queued(queued)));
    }
}
