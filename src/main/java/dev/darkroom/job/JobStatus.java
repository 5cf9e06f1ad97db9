package dev.darkroom.job;

public enum JobStatus {
    queued, running, succeeded, failed, cancelled;

    public boolean terminal() {
        return this == succeeded || this == failed || this == cancelled;
    }
}
