package io.crowdsurf.gateway.outbound;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter, unless the platform said how long to wait. */
public final class Backoff {

    private Backoff() {
    }

    /** Delay before attempt {@code attempt + 1}, after {@code attempt} failed attempts (1-based). */
    public static Duration delay(int attempt, Duration retryAfter, Duration initial, Duration max) {
        if (retryAfter != null && !retryAfter.isNegative()) {
            return retryAfter;
        }
        long ceiling = Math.min(max.toMillis(), initial.toMillis() << Math.min(20, attempt - 1));
        // Jitter spreads the retries of many replies that failed together (a platform hiccup) over time.
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }
}
