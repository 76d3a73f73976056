package io.crowdsurf.runtime.mongo;

/**
 * MongoDB did not answer (or refused) an operation: callers answer 503 and claim nothing as done. For repositories
 * that name the failure themselves; a driver exception that escapes is answered the same way
 * ({@link StoreUnavailableMapper}).
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
