package dev.darkroom.storage;

/**
 * No storage endpoint is configured and this build has no embedded S3 server to fall back on:
 * the production jar leaves S3Proxy out on purpose. {@link StorageFailureAnalyzer} turns it into
 * a start-up message that says what to set.
 */
final class StorageNotConfiguredException extends IllegalStateException {

    StorageNotConfiguredException() {
        super("No object storage endpoint is configured (darkroom.storage.endpoint) and this build has no embedded S3 server");
    }
}
