package dev.darkroom.upload;

import dev.darkroom.image.Image;

/** Told of every stored upload; later features hang automatic processing and live galleries here. */
@FunctionalInterface
public interface UploadListener {

    void uploaded(Image image);
}
