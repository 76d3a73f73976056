package io.crowdsurf.quiz.service;

/** A fan document kept changing under us; the event is answered 5xx and the broker retries it. */
public class TransitionConflictException extends RuntimeException {

    public TransitionConflictException(String message) {
        super(message);
    }
}
