package dev.darkroom.messaging;

/** The broker could not be reached, or did not confirm what was sent to it. */
public final class BrokerUnavailableException extends RuntimeException {

    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
