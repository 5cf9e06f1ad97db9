package dev.darkroom.image;

import org.springframework.context.annotation.Configuration;

/** Chooses the JPEG codec at start, so the log says which one runs before the first image does. */
@Configuration(proxyBeanMethods = false)
class ImageConfiguration {

    ImageConfiguration(ImageProperties properties) {
        JpegCodecs.use(properties.jpegCodec());
    }
}
