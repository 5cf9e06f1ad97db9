package dev.darkroom.web;

import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reading one file part of a multipart body as it streams in: whole and bounded (a synchronous conversion), or handed on (to storage). */
public final class RequestBodies {

    /** A multipart request without the part the route reads. */
    public static final ProblemType NO_FILE = new ProblemType("no-file", org.springframework.http.HttpStatus.BAD_REQUEST,
            "No file in the request", "Send the image as a multipart/form-data part named file.");

    private RequestBodies() {
    }

    /**
     * All of {@code content} as one array, empty if there is none. Errors with Spring's
     * {@code DataBufferLimitException} past {@code maxBytes}, before more than that is held.
     */
    public static Mono<byte[]> bytes(Flux<DataBuffer> content, long maxBytes) {
        return DataBufferUtils.join(content, (int) Math.min(Integer.MAX_VALUE, maxBytes))
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty(new byte[0]);
    }

    /** A file part's name as the client gave it, and its bytes. */
    public record FileBytes(String filename, byte[] bytes) { }

    /**
     * The first file part named {@code name}, read as it streams in with {@code maxBytes} applied
     * while reading (Spring's {@code DataBufferLimitException} past it, before more is held), so
     * that nothing is spooled to disk first, whatever the part's size; other parts are read past.
     * {@link #NO_FILE} if the request has no such part.
     */
    public static Mono<FileBytes> filePart(@Nullable Flux<PartEvent> parts, String name, long maxBytes) {
        return filePart(parts, name, (filename, content) -> bytes(content, maxBytes).map(bytes -> new FileBytes(filename, bytes)));
    }

    /**
     * What {@code read} makes of the first file part named {@code name} (its file name as the
     * client gave it, and its content as it arrives, never spooled to disk); other parts are read
     * past. {@link #NO_FILE}, naming the part, if the request (or its body) has no such part.
     */
    public static <T> Mono<T> filePart(@Nullable Flux<PartEvent> parts, String name,
                                       BiFunction<String, Flux<DataBuffer>, Mono<T>> read) {
        if (parts == null) {
            return noFile(name);
        }
        boolean[] found = {false};
        return parts.windowUntil(PartEvent::isLast).concatMap(part -> part.switchOnFirst((first, events) -> {
            // Read to the end rather than stop at the part: cancelling the body closes the connection.
            if (!found[0] && first.get() instanceof FilePartEvent file && name.equals(file.name())) {
                found[0] = true;
                return read.apply(file.filename(), events.map(PartEvent::content));
            }
            return events.doOnNext(event -> DataBufferUtils.release(event.content())).then(Mono.<T>empty());
        }), 0).singleOrEmpty().switchIfEmpty(noFile(name));
    }

    private static <T> Mono<T> noFile(String name) {
        return Mono.error(() -> NO_FILE.because("Send the image as a multipart/form-data part named '" + name + "'"));
    }
}
