package io.crowdsurf.alert.domain;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The intervals of every {@link Phase} at one place over a span of time (normalized, epoch seconds). */
public record SunPhases(long from, long to, Map<Phase, List<long[]>> intervals) {

    public SunPhases {
        Map<Phase, List<long[]>> copy = new EnumMap<>(Phase.class);
        copy.putAll(intervals);
        intervals = copy;
    }

    public List<long[]> of(Phase phase) {
        return intervals.getOrDefault(phase, List.of());
    }
}
