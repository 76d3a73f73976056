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

    void add() {
        count.incrementAndGet();
    }

    public long total() {
        return count.get();
    }
}
