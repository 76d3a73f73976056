package io.crowdsurf.alert.service;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import io.crowdsurf.alert.domain.Alert;
import io.crowdsurf.alert.domain.Notified;
import io.crowdsurf.events.data.AlertOpportunity;
import io.crowdsurf.events.data.ChatReplyRequested;

/** The words of a notification. Pure. */
final class Notifications {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

    private Notifications() {
    }

    static AlertOpportunity opportunity(Alert a, Notified n, ZoneId zone) {
        return opportunity(a, n, span(n, zone));
    }

    /** With the window's {@link #span} already written (the event and its reply share it). */
    static AlertOpportunity opportunity(Alert a, Notified n, String span) {
        return new AlertOpportunity(a.id(), n.opportunityId(), a.owner().platform(), a.owner().userId(),
                a.owner().conversationId(), a.location().latitude(), a.location().longitude(), n.phase(), n.start(),
                n.end(), span);
    }

    static ChatReplyRequested reply(Alert a, Notified n, ZoneId zone, boolean found, String messageTag) {
        return reply(a, n, span(n, zone), found, messageTag);
    }

    static ChatReplyRequested reply(Alert a, Notified n, String span, boolean found, String messageTag) {
        String place = a.location().name() == null || a.location().name().isBlank()
                ? String.format(Locale.ROOT, "%.4f, %.4f", a.location().latitude(), a.location().longitude())
                : a.location().name();
        String text = found
                ? "📷 " + a.nickname() + ": conditions hold at " + place + " " + span
                        + (n.phase().equals("any") ? "" : " (" + n.phase().replace('-', ' ') + ")") + ". Send /alerts to manage your alerts."
                : "✖ " + a.nickname() + ": the window at " + place + " " + span
                        + " is off — the forecast changed.";
        return new ChatReplyRequested("alert:" + n.opportunityId() + (found ? ":found" : ":cancelled"),
                a.owner().platform(), a.owner().botId(), a.owner().userId(), a.owner().conversationId(), text, List.of(),
                null, a.updatedAt(), messageTag);
    }

    static String span(Notified n, ZoneId zone) {
        var s = n.start().atZone(zone);
        var e = n.end().atZone(zone);
        String end = s.toLocalDate().equals(e.toLocalDate()) ? TIME.format(e) : DAY.format(e);
        return DAY.format(s) + "–" + end + " " + zone.getId();
    }
}
