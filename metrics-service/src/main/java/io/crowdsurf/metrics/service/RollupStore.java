package io.crowdsurf.metrics.service;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.crowdsurf.metrics.domain.Delta;
import io.crowdsurf.metrics.domain.Table;

/** Where rollups live; implemented in persistence so this package needs no MongoDB types. */
public interface RollupStore {

    /** What the aggregator must know of a stored rollup: its applied offset and its row keys per table. */
    record Loaded(long offset, Map<Table, Set<String>> keys) {
    }

    /** One change of a row metric (table null: a document-level metric). */
    record Change(Table table, String value, String combo, String metric, Number amount, Delta.Op op) {
    }

    /** A compare-and-set update: applies only when the document's offset is still {@code expectedOffset}. */
    record Update(String id, String site, String bucket, int partition, long expectedOffset, long newOffset,
            List<Change> changes) {
    }

    Map<String, Loaded> load(Collection<String> ids);

    /** Applies the updates; returns how many matched (fewer than given: some compare-and-set lost). */
    int apply(List<Update> updates);
}
