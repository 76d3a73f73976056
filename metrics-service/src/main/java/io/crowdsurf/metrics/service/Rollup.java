package io.crowdsurf.metrics.service;

import java.util.HashMap;
import java.util.Map;

import io.crowdsurf.metrics.domain.Keys;
import io.crowdsurf.metrics.domain.Table;

/**
 * Rollup documents of one period added up: over partitions and over the buckets a range is made of.
 * Row metrics are summed, except maxima and minima ({@code mx}, {@code emx}, {@code emn}).
 */
public final class Rollup {

    /** table → decoded value → combo key → metric → amount. */
    final Map<Table, Map<String, Map<String, Map<String, Double>>>> rows = new HashMap<>();
    long uniques;
    int buckets;

    @SuppressWarnings("unchecked")
    void add(Map<String, Object> doc) {
        if (doc.get("uv") instanceof Number n) {
            uniques += n.longValue();
        }
        if (!(doc.get("t") instanceof Map<?, ?> t)) {
            return;
        }
        for (Map.Entry<?, ?> te : t.entrySet()) {
            Table table = Table.ofField(String.valueOf(te.getKey()));
            if (table == null || !(te.getValue() instanceof Map<?, ?> values)) {
                continue;
            }
            Map<String, Map<String, Map<String, Double>>> byValue = rows.computeIfAbsent(table, k -> new HashMap<>());
            for (Map.Entry<?, ?> ve : values.entrySet()) {
                if (!(ve.getValue() instanceof Map<?, ?> combos)) {
                    continue;
                }
                String value = Keys.decode(String.valueOf(ve.getKey()));
                Map<String, Map<String, Double>> byCombo = byValue.computeIfAbsent(value == null ? NULL : value,
                        k -> new HashMap<>());
                for (Map.Entry<?, ?> ce : combos.entrySet()) {
                    if (!(ce.getValue() instanceof Map<?, ?> metrics)) {
                        continue;
                    }
                    Map<String, Double> m = byCombo.computeIfAbsent(String.valueOf(ce.getKey()), k -> new HashMap<>());
                    for (Map.Entry<String, Object> me : ((Map<String, Object>) metrics).entrySet()) {
                        if (me.getValue() instanceof Number n) {
                            m.merge(me.getKey(), n.doubleValue(), combiner(me.getKey()));
                        }
                    }
                }
            }
        }
    }

    /** Stand-in for a null dimension value (e.g. no page title) in maps that do not take null keys. */
    static final String NULL = "\u0000";

    static java.util.function.BinaryOperator<Double> combiner(String metric) {
        return switch (metric) {
            case "mx", "emx" -> Math::max;
            case "emn" -> Math::min;
            default -> Double::sum;
        };
    }
}
