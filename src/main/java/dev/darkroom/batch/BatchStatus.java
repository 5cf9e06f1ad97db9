package dev.darkroom.batch;

enum BatchStatus {
    queued, running, succeeded, failed;

    boolean terminal() {
        return this == succeeded || this == failed;
    }
}
