package io.crowdsurf.devstack.dispatch;

/**
 * The adaptive part of a Trigger's in-flight limit: additive increase, multiplicative decrease (AIMD), driven by
 * the Trigger's own delivery latency. On one machine, ingest (bot-gateway's webhooks, Kafka) and the consumers
 * share the cores; when a burst arrives every delivery gets slower, and fewer deliveries in flight give the cores
 * back to ingest while Kafka holds the events. Nothing is dropped or reordered: the limit only delays attempts.
 *
 * <p>Rules, one finished attempt at a time ({@link #onSample}):
 * <ul>
 * <li>The <em>baseline</em> is the lowest latency seen, drifting up by 1/{@value #DRIFT} of the gap per slower
 *     sample (so a service that simply became slower is not taken for a busy machine for ever: after some
 *     thousands of slow deliveries the new latency is the normal one; a burst of a few thousand is still load).</li>
 * <li>An attempt is <em>congested</em> when it got no response (timeout, refused) or took longer than
 *     {@code baseline × tolerance + slack}.</li>
 * <li>Congested: the limit is multiplied by {@code backoff} (at least {@code min}), at most once per window of
 *     {@code limit} samples, so one slow burst of replies is not counted many times.</li>
 * <li>Otherwise, after {@code limit} uncongested samples in a row the limit grows by one (at most {@code max}).</li>
 * </ul>
 * Pure and deterministic (no clock, no threads): {@link DeliverySlots} feeds it under its own lock.
 */
final class AimdLimit {

    static final int DRIFT = 10_000;

    private final int min;
    private final int max;
    private final double tolerance;
    private final long slackNanos;
    private final double backoff;
    private int limit;
    private long baselineNanos = Long.MAX_VALUE;
    private int sinceDecrease;
    private int calm;

    /**
     * @param min        the lowest the limit goes (≥ 1)
     * @param max        the highest, and the start (≥ min)
     * @param tolerance  how many times the baseline a latency may be before it counts as congestion (&gt; 1)
     * @param slackNanos added to that bound, so that sub-millisecond baselines do not make noise look like load
     * @param backoff    the factor a congested window multiplies the limit by (0 &lt; backoff &lt; 1)
     */
    AimdLimit(int min, int max, double tolerance, long slackNanos, double backoff) {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("need 1 <= min <= max, got min " + min + ", max " + max);
        }
        if (!(tolerance > 1) || slackNanos < 0 || !(backoff > 0 && backoff < 1)) {
            throw new IllegalArgumentException("need tolerance > 1, slack >= 0, 0 < backoff < 1");
        }
        this.min = min;
        this.max = max;
        this.tolerance = tolerance;
        this.slackNanos = slackNanos;
        this.backoff = backoff;
        this.limit = max;
        this.sinceDecrease = max;
    }

    /** The defaults of the local dispatcher: between {@code min} and {@code max}, ×2 + 10 ms, halve. */
    static AimdLimit between(int min, int max) {
        return new AimdLimit(min, max, 2.0, 10_000_000L, 0.5);
    }

    int limit() {
        return limit;
    }

    int min() {
        return min;
    }

    int max() {
        return max;
    }

    /** The latency below which an attempt counts as calm right now. */
    long congestionBoundNanos() {
        return baselineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : (long) (baselineNanos * tolerance) + slackNanos;
    }

    /**
     * One finished attempt.
     *
     * @param latencyNanos how long it took, from leaving the slot queue to its answer
     * @param noResponse   it got no answer (timeout, connection refused): always counts as congestion
     * @return the limit after it
     */
    int onSample(long latencyNanos, boolean noResponse) {
        boolean congested = noResponse || latencyNanos > congestionBoundNanos();
        if (!noResponse) {
            if (latencyNanos < baselineNanos) {
                baselineNanos = latencyNanos;
            } else {
                baselineNanos += (latencyNanos - baselineNanos) / DRIFT;
            }
        }
        sinceDecrease++;
        if (congested) {
            calm = 0;
            if (sinceDecrease >= limit) {
                limit = Math.max(min, (int) (limit * backoff));
                sinceDecrease = 0;
            }
        } else if (++calm >= limit) {
            limit = Math.min(max, limit + 1);
            calm = 0;
        }
        return limit;
    }
}
