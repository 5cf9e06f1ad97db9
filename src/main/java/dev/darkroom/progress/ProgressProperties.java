package dev.darkroom.progress;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param exchange    fan-out exchange every instance binds its own queue to
 * @param minInterval least time between two progress events of one job: ten a second look
 *                    smooth on a bar and cost nothing to the broker
 * @param recheck     how often a follower re-reads the stored state, in case an event was lost
 * @param heartbeat   how often an idle stream sends a comment, so proxies keep it open
 */
@ConfigurationProperties("darkroom.progress")
public record ProgressProperties(
        @DefaultValue("darkroom.progress") String exchange,
        @DefaultValue("100ms") Duration minInterval,
        @DefaultValue("2s") Duration recheck,
        @DefaultValue("15s") Duration heartbeat) {
}
