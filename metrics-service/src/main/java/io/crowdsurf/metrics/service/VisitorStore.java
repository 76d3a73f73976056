package io.crowdsurf.metrics.service;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.crowdsurf.metrics.domain.VisitorState;

/**
 * Where visitor states live; implemented in persistence. A visitor's document also carries the ids of the hits
 * applied to it ({@code hitIds}, the newest ones; older ones spilled into {@code spilledChunks} chunks of
 * {@link HitIds}): a hit id is derived from its site and visitor, so a hit sent twice always meets its first copy
 * in its own visitor's document, and the check costs no write of its own.
 */
public interface VisitorStore {

    record Stored(long offset, VisitorState state, List<String> hitIds, int spilledChunks) {

        public static Stored none() {
            return new Stored(-1, null, List.of(), 0);
        }
    }

    record Write(String id, long expectedOffset, long newOffset, VisitorState state, List<String> hitIds,
            int spilledChunks) {
    }

    Map<String, Stored> load(Collection<String> ids);

    /** Compare-and-set writes; returns how many applied. */
    int save(List<Write> writes);
}
