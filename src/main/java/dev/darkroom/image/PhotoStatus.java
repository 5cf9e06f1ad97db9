package dev.darkroom.image;

/** The photo-processor's statuses, stored as the Postgres enum {@code photo_status}. */
public enum PhotoStatus {
    pending, processing, completed, failed
}
