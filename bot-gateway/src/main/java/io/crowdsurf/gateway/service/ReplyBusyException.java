package io.crowdsurf.gateway.outbound;

import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;

/**
 * Another delivery of the same reply holds the claim and is sending it right now (or died doing so and
 * its lease has not run out yet). Answered 503 with {@code Retry-After}: the broker retries, and a
 * retry after the lease either finds the reply settled or takes the dead claim over.
 */
public class ReplyBusyException extends ProblemException {

    public ReplyBusyException(String replyId) {
        super(Problem.of(503, "Service Unavailable", "reply " + replyId + " is being sent by another delivery; retry later"));
    }
}
