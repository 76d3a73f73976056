package io.crowdsurf.runtime.rest;

import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;

/**
 * The one error policy of every Crowdsurf endpoint (docs/operations.md, "Errors"): a failure that says what
 * is wrong ({@link ProblemException}) is answered with its problem; anything unexpected is a 500 problem+json
 * whose detail carries an error id, logged at ERROR with the stack trace under the same id — never a stack
 * trace in the body. Input is refused with 400 before it reaches the code: by the REST layer's body parsing
 * ({@link ProblemMappers#json}) and by the CloudEventGuard in front of the functions. An event that passes the
 * guard (a CloudEvent of a consumed type whose data is one JSON object) but that the function cannot use is
 * poison: a 500, so the Trigger retries it and then dead-letters it, where it can be inspected and replayed.
 */
public final class ErrorPolicy {

    private ErrorPolicy() {
    }

    /** The problem a failure (or one of its causes) names itself, if any. */
    public static Optional<Problem> known(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProblemException p) {
                return Optional.of(p.problem());
            }
        }
        return Optional.empty();
    }

    /**
     * Logs {@code failure} at ERROR with a new error id and returns the 500 problem that names it.
     *
     * @param what what failed, for the log line (e.g. {@code POST / (ce-id 42)})
     * @param detail what the caller is told before the error id
     */
    public static Problem unexpected(Logger log, String what, Throwable failure, String detail) {
        String errorId = UUID.randomUUID().toString();
        log.errorf(failure, "%s failed, error id %s", what, errorId);
        return Problem.of(500, "Internal Server Error", detail + "; error id " + errorId);
    }
}
