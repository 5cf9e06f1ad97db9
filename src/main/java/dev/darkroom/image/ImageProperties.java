package dev.darkroom.image;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param jpegCodec which codec decodes JPEGs: {@code auto} (libjpeg-turbo when the system has
 *                  Debian's libturbojpeg0, else pure Java), {@code libjpeg-turbo} (refuse to
 *                  start without it) or {@code java}
 */
@ConfigurationProperties("darkroom.image")
public record ImageProperties(@DefaultValue("auto") String jpegCodec) {

    public ImageProperties {
        if (!java.util.List.of("auto", "libjpeg-turbo", "java").contains(jpegCodec)) {
            throw new IllegalArgumentException(JpegCodecs.PROPERTY + " must be auto, libjpeg-turbo or java, not '"
                    + jpegCodec + "'");
        }
    }
}
