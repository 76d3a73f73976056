package io.crowdsurf.metrics.service;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The spilled hit ids of visitors with many hits: when a visitor document's own list of hit ids is full, the
 * list moves into chunk {@code n} (its {@code spilledChunks} before the spill) and the document starts an empty
 * one. A chunk never changes once written, and its content follows from the visitor state and the records, so a
 * replay writes the same chunk again: the write is an idempotent upsert.
 */
public interface HitIds {

    record Chunk(String visitorKey, int number, List<String> ids) {
    }

    /** Every spilled hit id of each visitor: chunks 0 … {@code chunks.get(visitor)} − 1. */
    Map<String, Set<String>> spilled(Map<String, Integer> chunks);

    /** Writes the chunks (same content on a replay). */
    void write(Collection<Chunk> chunks);
}
