package dev.darkroom.web;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** For the few routes that need a whole (bounded) body in memory, e.g. a synchronous conversion. */
public final class RequestBodies {

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
}
