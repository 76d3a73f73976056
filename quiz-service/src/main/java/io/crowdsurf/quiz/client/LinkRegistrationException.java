package io.crowdsurf.quiz.client;

/** metrics-service could not be reached or did not register a short link. REST answers 503 (retry later). */
public class LinkRegistrationException extends RuntimeException {

    public LinkRegistrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
