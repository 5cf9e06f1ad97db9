package dev.darkroom.messaging;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The broker that carries work messages and events.
 *
 * @param uri            where it is
 * @param heartbeat      AMQP heartbeat: how soon a dead broker or a cut connection is noticed
 * @param connectTimeout how long one connection attempt may take before the next is tried
 */
@ConfigurationProperties("darkroom.rabbitmq")
public record RabbitProperties(
        @DefaultValue("amqp://guest:guest@localhost:5672/%2F") URI uri,
        @DefaultValue("10s") Duration heartbeat,
        @DefaultValue("5s") Duration connectTimeout) {
}
