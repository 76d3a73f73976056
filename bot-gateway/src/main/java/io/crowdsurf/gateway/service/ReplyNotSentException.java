package io.crowdsurf.gateway.outbound;

/**
 * This delivery of a reply request did not settle it: the platform stayed unavailable through the
 * retries (another delivery holding the claim is {@link ReplyBusyException}). The function fails, so the broker redelivers the event
 * with its own backoff and finally dead-letters it, from where it can be replayed.
 */
public class ReplyNotSentException extends RuntimeException {

    public ReplyNotSentException(String message) {
        super(message);
    }
}
