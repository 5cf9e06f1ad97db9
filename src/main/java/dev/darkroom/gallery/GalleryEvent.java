package dev.darkroom.gallery;

import java.util.UUID;

/** What galleries on every instance must hear about: an image of this owner became visible or went away. */
record GalleryEvent(Kind kind, UUID imageId, UUID owner) {

    enum Kind { added, deleted }
}
