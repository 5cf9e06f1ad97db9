package dev.darkroom.photo;

import java.net.URI;
import java.util.function.BiFunction;

import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Fetches a photo from the web for a photo registered by URL. */
public interface ImageDownloader {

    /**
     * Requests {@code url}, following redirects, and hands the final body to {@code consumer}
     * together with the file name the URL suggests. Errors with {@link DownloadException}, whose
     * message is meant for the user, when the URL may not or cannot be fetched.
     */
    <T> Mono<T> download(URI url, BiFunction<String, Flux<DataBuffer>, Mono<T>> consumer);

    /** Thrown for a refused or failed download; the message says why. */
    final class DownloadException extends RuntimeException {
        public DownloadException(String message) {
            super(message);
        }
    }
}
