package dev.darkroom.image;

/** The bytes claim to be an image but cannot be decoded; the message says why, for the user. */
public final class UnreadableImageException extends RuntimeException {

    public UnreadableImageException(String message) {
        super(message);
    }

    public UnreadableImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
