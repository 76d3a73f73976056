package io.crowdsurf.metrics.service;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where rollups live; implemented in persistence so this package needs no MongoDB types. The aggregator is the
 * only writer of a rollup document (each belongs to one partition, guarded by its offset), so it holds the whole
 * document, applies a batch in memory and writes it back whole, once per batch.
 */
public interface RollupStore {

    /**
     * A rollup document's content: document-level metrics ({@code uv}) and the rows
     * {@code table field → encoded value → combo → metric → amount}. Mutable: the aggregator changes it in place.
     */
    record Body(Map<String, Number> top, Map<String, Map<String, Map<String, Map<String, Number>>>> tables) {
    }

    /** A stored rollup: its applied offset and its content. */
    record Loaded(long offset, Body body) {
    }

    /** A compare-and-set replace: applies only when the document's offset is still {@code expectedOffset}. */
    record Update(String id, String site, String bucket, int partition, long expectedOffset, long newOffset,
            Body body) {
    }

    Map<String, Loaded> load(Collection<String> ids);

    /** Applies the updates; returns how many matched (fewer than given: some compare-and-set lost). */
    int apply(List<Update> updates);
}
