package dev.darkroom.batch;

enum BatchStatus {
    queued, running, succeeded, failed, cancelled;

    boolean terminal() {
        return this == succeeded || this == failed || this == cancelled;
    }
}
