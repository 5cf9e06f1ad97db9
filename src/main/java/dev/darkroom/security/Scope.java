package dev.darkroom.security;

/**
 * What a key may do: {@code read} looks (GET), {@code write} changes its owner's things (upload,
 * submit, delete), {@code admin} makes keys for new owners and reads the instance's metrics.
 */
public enum Scope {
    read, write, admin
}
