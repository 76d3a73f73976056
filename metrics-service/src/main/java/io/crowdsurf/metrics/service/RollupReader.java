package io.crowdsurf.metrics.service;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Reads rollup documents by id (implemented in persistence; documents are plain maps here). */
public interface RollupReader {

    /**
     * The documents of the given ids with only the given fields (dotted paths such as {@code t.visit}); what a
     * report reads is then bounded by the tables it shows, not by everything a document holds.
     */
    List<? extends Map<String, Object>> find(Collection<String> ids, Collection<String> fields);

    /** Partitions of the hits topic the aggregator has seen (0 before the first hit). */
    int partitionCount();
}
