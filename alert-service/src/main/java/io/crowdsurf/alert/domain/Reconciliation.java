package io.crowdsurf.alert.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run changes for one alert: compares the windows found now with the windows already notified.
 * A notified window that has ended is forgotten silently; one that no current window overlaps any more is
 * cancelled; a current window that overlaps no notified one is new. Overlap, not equality, decides, so a window
 * whose edges move with the next forecast is not announced twice. Pure.
 *
 * @param notified what to remember after this run
 */
public record Reconciliation(List<Notified> notified, List<Notified> found, List<Notified> cancelled, boolean changed) {

    public static Reconciliation of(String alertId, List<Notified> before, List<Window> current, Instant now) {
        List<Notified> kept = new ArrayList<>();
        List<Notified> cancelled = new ArrayList<>();
        boolean changed = false;
        for (Notified n : before) {
            if (!n.end().isAfter(now)) {
                changed = true;
            } else if (current.stream().anyMatch(w -> w.overlaps(n.window()))) {
                kept.add(n);
            } else {
                cancelled.add(n);
                changed = true;
            }
        }
        List<Notified> found = new ArrayList<>();
        for (Window w : current) {
            boolean known = kept.stream().anyMatch(n -> n.window().overlaps(w))
                    || found.stream().anyMatch(n -> n.window().overlaps(w));
            if (!known) {
                found.add(new Notified(Notified.idFor(alertId, w), w.start(), w.end(), w.phase()));
            }
        }
        List<Notified> after = new ArrayList<>(kept);
        after.addAll(found);
        return new Reconciliation(List.copyOf(after), List.copyOf(found), List.copyOf(cancelled),
                changed || !found.isEmpty());
    }
}
