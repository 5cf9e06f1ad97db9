package dev.darkroom.convert;

import java.util.Base64;
import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import dev.darkroom.image.ImageDecoder;
import dev.darkroom.image.ImageEncoder;
import dev.darkroom.image.ImageFormat;
import dev.darkroom.image.ImageHeader;
import dev.darkroom.image.UnreadableImageException;
import dev.darkroom.web.RequestBodies;
import reactor.core.publisher.Flux;
import dev.darkroom.operation.Operations;
import dev.darkroom.operation.Output;
import dev.darkroom.operation.Params;
import dev.darkroom.operation.Progress;
import dev.darkroom.web.ProblemType;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * {@code POST /api/convert}: black and white within the request, for small images. The answer is
 * JSON with the PNG as a data URI, ready for an {@code <img src>}.
 */
@RestController
@Tag(name = "Convert")
class ConvertController {

    static final ProblemType TOO_LARGE_FOR_SYNC =
            new ProblemType("too-large-for-sync", HttpStatus.CONTENT_TOO_LARGE, "Too large to convert synchronously",
            "The image is too large to convert within the request. Upload it and start a job instead.");
    static final ProblemType NOT_AN_IMAGE =
            new ProblemType("unsupported-image-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Not a supported image",
            "The file is not a JPEG, PNG, GIF, BMP, TIFF or WebP image, judged by its content rather than its name.");

    private final ConvertProperties properties;
    private final Scheduler conversions;

    ConvertController(ConvertProperties properties, Scheduler conversionScheduler) {
        this.properties = properties;
        this.conversions = conversionScheduler;
    }

    record Converted(@Schema(description = "The PNG as a data URI, for an img src") String image, int width, int height) { }

    @Operation(operationId = "convertImage", summary = "Black and white within the request, for images up to 4 MP",
            description = "One part named file. Larger images answer 413 too-large-for-sync: use a job instead.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @io.swagger.v3.oas.annotations.media.Content(
                    mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                    schema = @io.swagger.v3.oas.annotations.media.Schema(type = "object", requiredProperties = "file"),
                    schemaProperties = @io.swagger.v3.oas.annotations.media.SchemaProperty(name = "file",
                            schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string", format = "binary", description = "One image file")))))
    @PostMapping(path = "/api/convert", consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Converted> convert(@RequestBody(required = false) Flux<PartEvent> parts) {
        long maxBytes = properties.maxFileSize().toBytes();
        return RequestBodies.filePart(parts, "file", maxBytes)
                .onErrorMap(org.springframework.core.io.buffer.DataBufferLimitException.class, e -> useAJob(
                        "The file is larger than " + properties.maxFileSize().toMegabytes() + " MB"))
                .publishOn(conversions)
                .map(file -> convert(file.filename(), file.bytes()));
    }

    private Converted convert(String name, byte[] bytes) {
        ImageFormat format = ImageFormat.sniff(bytes).orElseThrow(() -> NOT_AN_IMAGE.because("'" + name
                + "' is not a JPEG, PNG, GIF, BMP, TIFF or WebP image (judged by its content, not its name)"));
        ImageHeader header = ImageHeader.fromHead(format, bytes).orElseThrow(() -> new UnreadableImageException("the " + format + " header cannot be read; the file is probably damaged"));
        if (header.pixels() > properties.maxPixels()) {
            throw useAJob("'" + name + "' is " + header.width() + "x" + header.height() + " ("
                    + String.format(Locale.ROOT, "%.1f", header.pixels() / 1e6) + " MP); this endpoint converts up to "
                    + String.format(Locale.ROOT, "%.1f", properties.maxPixels() / 1e6) + " MP");
        }
        Output.Image gray = (Output.Image) Operations.find("grayscale").orElseThrow()
                .from(Params.empty())
                .apply(ImageDecoder.decode(bytes, Progress.NONE), Progress.NONE);
        byte[] png = ImageEncoder.encode(gray.image(), ImageEncoder.Format.PNG, 100, Progress.NONE);
        return new Converted("data:image/png;base64," + Base64.getEncoder().encodeToString(png),
                gray.image().getWidth(), gray.image().getHeight());
    }

    private static dev.darkroom.web.ApiException useAJob(String why) {
        return TOO_LARGE_FOR_SYNC.because(why + ". Upload it with POST /api/images and start a job with POST /api/jobs "
                + "{\"imageIds\":[...],\"operation\":\"grayscale\"}; GET /api/jobs/{id}/events shows its progress");
    }
}
