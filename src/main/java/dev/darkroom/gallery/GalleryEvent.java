package dev.darkroom.gallery;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What galleries on every instance must hear about: an image of this owner became visible or went
 * away. An added image comes with what galleries show of it, so no instance reads it back; an
 * event without it (sent by an older instance) is read from the database.
 */
record GalleryEvent(Kind kind, UUID imageId, UUID owner, @Nullable GalleryImage image) {

    enum Kind { added, deleted }
}
