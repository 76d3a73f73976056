package io.crowdsurf.metrics.service;

/** An event no retry can make usable (required fields missing): answered 400, so the Trigger dead-letters it. */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String message) {
        super(message);
    }
}
