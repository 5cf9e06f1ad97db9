package dev.darkroom.storage;

public final class ObjectNotFoundException extends RuntimeException {

    public ObjectNotFoundException(String key) {
        super("no object stored under " + key);
    }
}
