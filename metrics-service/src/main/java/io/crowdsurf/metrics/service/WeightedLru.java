package io.crowdsurf.metrics.service;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * A least-recently-used map bounded by the total weight of its values, not their number: the aggregator's
 * cached rollup documents range from an hour document of one visit (a few dozen cells) to a year document of a
 * busy site (tens of thousands), so a bound on the count of documents is no bound on memory — 5,000 documents
 * per partition filled a 512 MB heap with the day and hour documents of 100,000 hits. A value's weight is taken
 * when it is put (values that change later are put again). Thread-safe by a lock: the aggregator thread is its
 * only writer.
 */
final class WeightedLru<K, V> {

    private final long budget;
    private final ToLongFunction<V> weigher;
    private final LinkedHashMap<K, Weighted<V>> map = new LinkedHashMap<>(256, 0.75f, true);
    private long total;

    private record Weighted<V>(V value, long weight) {
    }

    WeightedLru(long budget, ToLongFunction<V> weigher) {
        this.budget = budget;
        this.weigher = weigher;
    }

    synchronized V get(K key) {
        Weighted<V> w = map.get(key);
        return w == null ? null : w.value();
    }

    /** Puts a value and evicts the least recently used ones beyond the budget (a value heavier than it is not kept). */
    synchronized void put(K key, V value) {
        long weight = Math.max(1, weigher.applyAsLong(value));
        Weighted<V> old = map.remove(key);
        if (old != null) {
            total -= old.weight();
        }
        if (weight > budget) {
            return;
        }
        map.put(key, new Weighted<>(value, weight));
        total += weight;
        Iterator<Map.Entry<K, Weighted<V>>> it = map.entrySet().iterator();
        while (total > budget && it.hasNext()) {
            total -= it.next().getValue().weight();
            it.remove();
        }
    }

    synchronized void removeIf(Predicate<K> which) {
        Iterator<Map.Entry<K, Weighted<V>>> it = map.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<K, Weighted<V>> e = it.next();
            if (which.test(e.getKey())) {
                total -= e.getValue().weight();
                it.remove();
            }
        }
    }

    synchronized long weight() {
        return total;
    }

    synchronized int size() {
        return map.size();
    }
}
