package io.crowdsurf.gateway.outbound;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Per-key send budgets (per page, per chat, per channel, per bot), as the generic cell rate algorithm:
 * each key remembers when its next send is due, a caller reserves a slot and learns how long to wait.
 * Reserving is a few arithmetic operations under the key's own lock, so keys never contend.
 */
@ApplicationScoped
public class RateLimiter {

    private static final int MAX_KEYS = 200_000;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * Reserves one send for {@code key} at {@code perSecond} (bursts up to {@code burst}) and returns the
     * nanoseconds to wait before sending; 0 when it may go now.
     */
    public long reserve(String key, double perSecond, int burst, long nowNanos) {
        if (buckets.size() > MAX_KEYS) {
            buckets.values().removeIf(b -> b.idleSince(nowNanos));
        }
        long interval = (long) (1_000_000_000L / perSecond);
        return buckets.computeIfAbsent(key, k -> new Bucket()).reserve(interval, Math.max(0, burst - 1) * interval,
                nowNanos);
    }

    /** Reserves and sleeps (callers run on worker or virtual threads, never on the event loop). */
    public void acquire(String key, double perSecond, int burst) throws InterruptedException {
        long wait = reserve(key, perSecond, burst, System.nanoTime());
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    private static final class Bucket {
        private long theoreticalArrival = Long.MIN_VALUE;

        synchronized long reserve(long interval, long tolerance, long now) {
            long tat = theoreticalArrival == Long.MIN_VALUE ? now : Math.max(theoreticalArrival, now);
            long wait = Math.max(0, tat - tolerance - now);
            theoreticalArrival = tat + interval;
            return wait;
        }

        synchronized boolean idleSince(long now) {
            return theoreticalArrival < now;
        }
    }
}
