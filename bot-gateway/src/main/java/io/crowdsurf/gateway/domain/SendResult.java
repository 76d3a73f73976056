package io.crowdsurf.gateway.outbound;

import java.time.Duration;

/** What one call to a platform's send API came to. */
public sealed interface SendResult {

    /** The platform took the message. */
    record Delivered(String platformMessageId) implements SendResult {
    }

    /**
     * Worth another try: 429, 5xx, a network failure, or a platform error code documented as transient.
     *
     * @param retryAfter what the platform asked us to wait (Retry-After, retry_after), or null
     */
    record Retryable(int status, String error, Duration retryAfter) implements SendResult {
    }

    /** Refused for good (other 4xx, invalid recipient, outside the messaging window): retrying cannot help. */
    record Rejected(int status, String error) implements SendResult {
    }
}
