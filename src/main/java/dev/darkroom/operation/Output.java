package dev.darkroom.operation;

import java.awt.image.BufferedImage;

/** What an operation produces; the pipeline decides how each kind is encoded and stored. */
public sealed interface Output {

    record Image(BufferedImage image) implements Output { }

    record Text(String text) implements Output { }

    /** A value Jackson can serialise as the job's JSON result. */
    record Json(Object value) implements Output { }
}
