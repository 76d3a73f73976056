package io.crowdsurf.runtime.messaging;

/** Kafka did not acknowledge an event in time: the caller must not report success (webhooks answer 503). */
public class EventNotDurableException extends RuntimeException {

    public EventNotDurableException(String message, Throwable cause) {
        super(message, cause);
    }
}
