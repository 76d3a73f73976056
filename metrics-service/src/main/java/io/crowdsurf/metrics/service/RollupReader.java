package io.crowdsurf.metrics.service;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Reads rollup documents by id (implemented in persistence; documents are plain maps here). */
public interface RollupReader {

    List<? extends Map<String, Object>> find(Collection<String> ids);

    /** Partitions of the hits topic the aggregator has seen (0 before the first hit). */
    int partitionCount();
}
