package dev.darkroom.storage;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Registered in META-INF/spring.factories; prints what to set instead of a stack trace. */
class StorageFailureAnalyzer extends AbstractFailureAnalyzer<StorageNotConfiguredException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, StorageNotConfiguredException cause) {
        return new FailureAnalysis(
                "Darkroom has no object storage. darkroom.storage.endpoint is not set, and the embedded S3 server "
                        + "that stands in for it during development is not part of this build (the production jar "
                        + "leaves it out).",
                "Set DARKROOM_STORAGE_ENDPOINT (e.g. http://minio:9000) with DARKROOM_STORAGE_BUCKET, "
                        + "DARKROOM_STORAGE_ACCESS_KEY and DARKROOM_STORAGE_SECRET_KEY, or run from the source tree "
                        + "with `mvn spring-boot:run` to use the embedded S3 server.",
                cause);
    }
}
