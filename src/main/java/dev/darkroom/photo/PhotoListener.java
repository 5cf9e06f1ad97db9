package dev.darkroom.photo;

import dev.darkroom.image.Image;

/** Told when a photo has its thumbnail and colours, on the instance that processed it. */
@FunctionalInterface
public interface PhotoListener {

    void completed(Image photo);
}
