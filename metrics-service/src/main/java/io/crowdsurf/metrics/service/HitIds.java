package io.crowdsurf.metrics.service;

import java.util.List;
import java.util.Set;

/**
 * Remembers which (partition, offset) first carried each hit id, so that a hit sent twice — a retried tracking
 * request, a re-imported CSV row — counts once, while the replay of the very same record after a crash (same
 * partition and offset) is recognised as itself and not as a duplicate.
 */
public interface HitIds {

    record Claim(String id, int partition, long offset) {
    }

    /** Records the claims and returns the ids first claimed by another record: those hits are duplicates. */
    Set<String> duplicates(List<Claim> claims);
}
