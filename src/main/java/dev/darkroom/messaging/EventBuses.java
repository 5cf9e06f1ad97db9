package dev.darkroom.messaging;

/** Makes event buses, one per topic (a fan-out exchange on the broker). */
public interface EventBuses {

    <T> EventBus<T> bus(String topic, Class<T> type);
}
