package dev.darkroom.photo;

import java.util.List;

import dev.darkroom.image.Image;
import dev.darkroom.operation.DominantColors;

/**
 * Told when a photo has its thumbnail and colours, on the instance that processed it, with what
 * processing made (so a listener need not read it back); not told of a photo deleted meanwhile.
 */
@FunctionalInterface
public interface PhotoListener {

    void completed(Image photo, Thumbnail thumbnail, List<DominantColors.Colour> colours);
}
