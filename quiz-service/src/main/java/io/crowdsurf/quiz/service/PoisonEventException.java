package io.crowdsurf.quiz.service;

/**
 * An event whose data breaks the contract (no conversation id, unknown platform...). Retrying cannot
 * help; Funqy answers 5xx for every exception, so it reaches the dead-letter sink after the Trigger's
 * retries. Logged with the event id so it can be found there.
 */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String message) {
        super(message);
    }
}
