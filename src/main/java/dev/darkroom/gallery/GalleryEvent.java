package dev.darkroom.gallery;

import java.util.UUID;

/** What galleries on every instance must hear about: an image became visible or went away. */
record GalleryEvent(Kind kind, UUID imageId) {

    enum Kind { added, deleted }
}
