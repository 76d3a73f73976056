package io.crowdsurf.metrics.service;

/** An event no retry can make usable (required fields missing): a 500 by the error policy, so the Trigger
 * retries it and then dead-letters it. */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String message) {
        super(message);
    }
}
