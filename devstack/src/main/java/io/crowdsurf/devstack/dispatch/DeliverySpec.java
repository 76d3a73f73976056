package io.crowdsurf.devstack.dispatch;

import java.time.Duration;

/**
 * A Trigger's {@code spec.delivery}: how often and how patiently to retry, and whether failures are kept.
 *
 * @param retry        retries after the first attempt (Knative's {@code retry}); attempts = retry + 1
 * @param policy       how the wait grows between retries
 * @param backoffDelay Knative's {@code backoffDelay}, the unit of the waits
 * @param timeout      per-attempt HTTP timeout (Knative's {@code timeout})
 * @param deadLetter   whether a {@code deadLetterSink} is configured; without one, failed events are dropped
 *                     (logged), as Knative does
 */
public record DeliverySpec(int retry, BackoffPolicy policy, Duration backoffDelay, Duration timeout,
        boolean deadLetter) {

    /** Used when a Trigger has no {@code delivery}: one attempt, no dead letter, as a bare Knative Trigger. */
    public static final DeliverySpec NONE = new DeliverySpec(0, BackoffPolicy.EXPONENTIAL, Duration.ZERO,
            Duration.ofSeconds(30), false);

    public DeliverySpec {
        if (retry < 0) {
            throw new IllegalArgumentException("retry must be >= 0, was " + retry);
        }
    }

    public int attempts() {
        return retry + 1;
    }

    /**
     * The wait before retry number {@code n} (1-based), by Knative's documented formulas:
     * linear {@code backoffDelay * n}, exponential {@code backoffDelay * 2^n}.
     */
    public Duration backoffBefore(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("retries count from 1");
        }
        return switch (policy) {
            case LINEAR -> backoffDelay.multipliedBy(n);
            case EXPONENTIAL -> backoffDelay.multipliedBy(1L << Math.min(n, 20));
        };
    }
}
