package dev.darkroom.gallery;

import java.util.List;

import org.springframework.stereotype.Component;
import dev.darkroom.image.Image;
import dev.darkroom.operation.DominantColors;
import dev.darkroom.photo.PhotoListener;
import dev.darkroom.photo.Thumbnail;

/** Only now are an image's colours known, so only now can open galleries decide whether to show it. */
@Component
class GalleryPhotoListener implements PhotoListener {

    private final GalleryEvents events;

    GalleryPhotoListener(GalleryEvents events) {
        this.events = events;
    }

    @Override
    public void completed(Image photo, Thumbnail thumbnail, List<DominantColors.Colour> colours) {
        events.added(photo.owner(), GalleryImage.of(photo.id(), thumbnail.width(), thumbnail.height(), colours,
                photo.createdAt()));
    }
}
