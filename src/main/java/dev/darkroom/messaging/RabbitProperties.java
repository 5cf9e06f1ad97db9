package dev.darkroom.messaging;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The broker that carries job messages and progress events. */
@ConfigurationProperties("darkroom.rabbitmq")
public record RabbitProperties(@DefaultValue("amqp://guest:guest@localhost:5672/%2F") URI uri) {
}
