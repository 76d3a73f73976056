package io.crowdsurf.metrics.domain;

import java.util.List;
import java.util.Map;

/**
 * What the aggregator remembers of one visitor of one site: its current visit (start, last activity, actions,
 * the attributes fixed at its first hit and the buckets it is counted in), how many visits it made, the action
 * values already seen in this visit (so a row's {@code nb_visits} counts a visit once) and the period keys it
 * is already counted in as a unique visitor.
 *
 * @param startBuckets bucket keys of the visit's first hit, one per {@link Level}, in level order
 */
public record VisitorState(
        long visitStartMs,
        long lastMs,
        int actions,
        int visits,
        String combo,
        String referrerType,
        String referrerName,
        String deviceType,
        String browser,
        List<String> startBuckets,
        List<String> seen,
        List<String> counted) {

    public Map<String, Object> debug() {
        return Map.of("visitStartMs", visitStartMs, "lastMs", lastMs, "actions", actions, "visits", visits);
    }
}
