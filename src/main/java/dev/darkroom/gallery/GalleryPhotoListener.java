package dev.darkroom.gallery;

import org.springframework.stereotype.Component;
import dev.darkroom.image.Image;
import dev.darkroom.photo.PhotoListener;

/** Only now are an image's colours known, so only now can open galleries decide whether to show it. */
@Component
class GalleryPhotoListener implements PhotoListener {

    private final GalleryEvents events;

    GalleryPhotoListener(GalleryEvents events) {
        this.events = events;
    }

    @Override
    public void completed(Image photo) {
        events.added(photo.owner(), photo.id());
    }
}
