package io.crowdsurf.events;

/** An event that breaks the contract: unknown type, missing attribute, or data that does not parse. */
public class EventContractException extends RuntimeException {

    public EventContractException(String message) {
        super(message);
    }

    public EventContractException(String message, Throwable cause) {
        super(message, cause);
    }
}
