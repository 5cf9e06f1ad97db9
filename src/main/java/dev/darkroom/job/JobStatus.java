package dev.darkroom.job;

public enum JobStatus {
    queued, running, succeeded, failed;

    public boolean terminal() {
        return this == succeeded || this == failed;
    }
}
