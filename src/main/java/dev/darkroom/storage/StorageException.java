package dev.darkroom.storage;

/** The object store failed or could not be reached; a server-side fault, never the user's. */
public final class StorageException extends RuntimeException {

    StorageException(Throwable cause) {
        super("object storage failed: " + cause.getMessage(), cause);
    }
}
