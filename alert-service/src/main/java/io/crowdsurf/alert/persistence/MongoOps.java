package io.crowdsurf.alert.persistence;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the MongoDB operations alert-service sends (one per command; a bulk write or an {@code $in} read counts
 * once), as {@code alert_mongo_operations_total}: the benchmark reports it, and it shows that a run's cost grows
 * with cells and batches, not with per-alert round trips.
 */
@ApplicationScoped
public class MongoOps {

    private final AtomicLong count = new AtomicLong();

    public MongoOps(MeterRegistry registry) {
        registry.more().counter("alert_mongo_operations", java.util.List.of(), count);
    }

    /**
     * {@code $in} lists of at most this many ids: mongo-java-server answers one list of 10,000 ids about six times
     * slower than twenty lists of 500 (measured), and real MongoDB does not mind either way.
     */
    static final int IN_CHUNK = 500;

    /** The ids in chunks of {@link #IN_CHUNK}. */
    static <T> java.util.List<java.util.List<T>> chunks(java.util.Collection<T> ids) {
        java.util.List<T> all = new java.util.ArrayList<>(ids);
        java.util.List<java.util.List<T>> out = new java.util.ArrayList<>();
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
        }
        return out;
    }

    void add() {
        count.incrementAndGet();
    }

    public long total() {
        return count.get();
    }
}
