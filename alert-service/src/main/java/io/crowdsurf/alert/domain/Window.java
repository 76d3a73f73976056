package io.crowdsurf.alert.domain;

import java.time.Instant;

/**
 * A stretch of time in which all of an alert's conditions hold.
 *
 * @param phase the phase the window lies in (the first selected one that overlaps it), or "any"
 */
public record Window(Instant start, Instant end, String phase) {

    public boolean overlaps(Window other) {
        return start.isBefore(other.end) && other.start.isBefore(end);
    }

    public long minutes() {
        return java.time.Duration.between(start, end).toMinutes();
    }
}
