package dev.darkroom.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param threads threads that decode, convert and encode; 0 means one per core. Conversions are
 *                CPU-bound, so more threads than cores only adds memory (each holds decoded images).
 * @param queue   conversions that may wait for a thread before new ones are refused
 */
@ConfigurationProperties("darkroom.conversion")
public record ConversionProperties(@DefaultValue("0") int threads, @DefaultValue("1000") int queue) {

    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
