package dev.darkroom.gallery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param exchange     fan-out exchange that carries added and deleted images to every instance
 * @param tolerance    degrees round the colour wheel within which a colour matches the asked hue,
 *                     when the client does not send its own (the web app assumes 20)
 * @param maxTolerance the most a client may ask for; wider would match nearly every colourful image
 * @param firstPage    images in the answer to a query
 * @param nextPage     images in the answer to {@code more}
 * @param ping         how often an open gallery socket is pinged, so proxies do not close it as idle
 */
@ConfigurationProperties("darkroom.gallery")
record GalleryProperties(
        @DefaultValue("darkroom.gallery") String exchange,
        @DefaultValue("20") int tolerance,
        @DefaultValue("90") int maxTolerance,
        @DefaultValue("20") int firstPage,
        @DefaultValue("10") int nextPage,
        @DefaultValue("30s") Duration ping) {
}
