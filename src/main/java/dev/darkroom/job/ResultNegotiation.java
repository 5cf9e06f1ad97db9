package dev.darkroom.job;

import java.util.List;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Which stored encoding of a result a request gets, and the validator that names it.
 *
 * <p>A format-auto result has a fallback every client reads and modern variants (WebP). A variant
 * is served only to a client whose {@code Accept} names its type outright with a quality above
 * zero: browsers list the image types they decode ({@code image/avif,image/webp,*}{@code /*}), while
 * a bare wildcard, as curl and many scripts send, says nothing about what they can decode, so they
 * get the fallback. This is how imgproxy and the image CDNs read it too.
 */
final class ResultNegotiation {

    /** Best first: the smaller encodings ahead. */
    private static final List<String> PREFERENCE = List.of("image/avif", "image/webp");

    private ResultNegotiation() {
    }

    static String choose(Job job, String accept) {
        if (job.resultVariants().isEmpty() || accept == null || accept.isBlank()) {
            return job.resultContentType();
        }
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            return job.resultContentType();
        }
        for (String type : PREFERENCE) {
            if (job.resultVariants().containsKey(type) && named(accepted, MediaType.parseMediaType(type))) {
                return type;
            }
        }
        return job.resultContentType();
    }

    private static boolean named(List<MediaType> accepted, MediaType type) {
        return accepted.stream().anyMatch(candidate -> !candidate.isWildcardType() && !candidate.isWildcardSubtype()
                && candidate.getType().equalsIgnoreCase(type.getType())
                && candidate.getSubtype().equalsIgnoreCase(type.getSubtype())
                && candidate.getQualityValue() > 0);
    }

    /**
     * A strong ETag: results are stored once under a key that is never written again, so the key
     * names the bytes. Jobs that reused a result share its key, and so its ETag.
     */
    static String etag(String key) {
        return "\"" + key.substring(key.lastIndexOf('/') + 1) + "\"";
    }
}
