package io.crowdsurf.metrics.persistence;

/** MongoDB did not answer (or refused) an operation; callers answer 503 and claim nothing as done. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
