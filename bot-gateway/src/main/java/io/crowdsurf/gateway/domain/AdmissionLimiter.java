package io.crowdsurf.gateway.domain;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token buckets per key, in memory, for refusing inbound traffic (the web chat's per-session and per-client
 * limits): a key may take {@code burst} messages at once and {@code perSecond} after that. Unlike
 * {@link RateLimiter}, which makes a sender wait its turn, a refused message takes no token and is told how long
 * to wait. One bucket is a few arithmetic operations under its own lock, so keys never contend. At most
 * {@code maxKeys} buckets are kept: when the map is full, buckets that have refilled completely (they carry no
 * information) are dropped, at most once per second; a new key that still finds no room is refused, so a flood of
 * invented keys cannot grow the heap nor push out the state of the keys it is flooding with.
 */
public final class AdmissionLimiter {

    private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

    private final double perSecond;
    private final int burst;
    private final int maxKeys;
    private final long intervalNanos;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep = new AtomicLong(Long.MIN_VALUE);

    public AdmissionLimiter(double perSecond, int burst, int maxKeys) {
        if (!(perSecond > 0) || burst < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("perSecond > 0, burst >= 1 and maxKeys >= 1 required");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.maxKeys = maxKeys;
        this.intervalNanos = Math.max(1, (long) (1_000_000_000L / perSecond));
    }

    /** @return 0 when {@code key} may send now (a token is taken), else the nanoseconds until it may */
    public long tryAcquire(String key, long nowNanos) {
        Bucket b = buckets.get(key);
        if (b == null) {
            if (buckets.size() >= maxKeys && !sweep(nowNanos)) {
                return SWEEP_INTERVAL_NANOS;
            }
            b = buckets.computeIfAbsent(key, k -> new Bucket(nowNanos - burst * intervalNanos));
        }
        return b.tryTake(intervalNanos, burst, nowNanos);
    }

    /** Drops full buckets; false when nothing could be freed (or another sweep ran within the last second). */
    private boolean sweep(long nowNanos) {
        long due = nextSweep.get();
        if (due != Long.MIN_VALUE && nowNanos - due < 0) {
            return buckets.size() < maxKeys;
        }
        if (!nextSweep.compareAndSet(due, nowNanos + SWEEP_INTERVAL_NANOS)) {
            return buckets.size() < maxKeys;
        }
        buckets.values().removeIf(bucket -> bucket.full(intervalNanos, burst, nowNanos));
        return buckets.size() < maxKeys;
    }

    public int trackedKeys() {
        return buckets.size();
    }

    public double perSecond() {
        return perSecond;
    }

    public int burst() {
        return burst;
    }

    /**
     * {@code emptyAt}: the instant the bucket would be empty; tokens available now are
     * {@code (now - emptyAt) / interval}, capped at burst. Taking one moves {@code emptyAt} one interval on.
     */
    private static final class Bucket {
        private long emptyAt;

        Bucket(long emptyAt) {
            this.emptyAt = emptyAt;
        }

        synchronized long tryTake(long interval, int burst, long now) {
            long floor = now - burst * interval;
            if (emptyAt - floor < 0) {
                emptyAt = floor; // refilled to the brim; more idle time does not buy a bigger burst
            }
            long next = emptyAt + interval;
            if (next - now > 0) {
                return next - now;
            }
            emptyAt = next;
            return 0;
        }

        synchronized boolean full(long interval, int burst, long now) {
            return emptyAt - (now - burst * interval) <= 0;
        }
    }
}
