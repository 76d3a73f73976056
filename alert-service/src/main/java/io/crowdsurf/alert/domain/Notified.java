package io.crowdsurf.alert.domain;

import java.time.Instant;

/**
 * A window the owner was told about. Kept until it has ended, so a later run can tell it is still on (a current
 * window overlaps it: no new message) or gone (cancelled once).
 *
 * @param opportunityId {@code <alert id>:<start epoch second>}; the found/cancelled event ids derive from it
 */
public record Notified(String opportunityId, Instant start, Instant end, String phase) {

    public Window window() {
        return new Window(start, end, phase);
    }

    public static String idFor(String alertId, Window w) {
        return alertId + ":" + w.start().getEpochSecond();
    }
}
