package io.crowdsurf.metrics.messaging;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonGenerator;

import io.crowdsurf.events.JsonFields;
import io.crowdsurf.events.data.HitTracked;

import static io.crowdsurf.events.JsonFields.string;

/**
 * A {@link HitTracked} as the bytes {@code EventJson.write} gives (same fields, order and formats, nulls left out),
 * written field by field with Jackson's streaming generator ({@link JsonFields}) instead of its reflective record serializer: that
 * serializer (accessor calls through reflection, a date formatter per instant) was the largest single cost of bulk
 * ingest in a JFR profile. {@code HitJsonTest} holds the two to the same bytes.
 */
public final class HitJson {

    private HitJson() {
    }

    /**
     * @param cache the last instant formatted and its text, reused by the hits of one request (they share their
     *              arrival time); may be null
     */
    public static byte[] write(HitTracked h, InstantText cache) {
        return JsonFields.object(640, g -> {
            string(g, "hitId", h.hitId());
            string(g, "siteId", h.siteId());
            instant(g, "time", h.time(), cache);
            string(g, "visitorId", h.visitorId());
            string(g, "userId", h.userId());
            if (h.kind() != null) {
                g.writeStringField("kind", h.kind().id());
            }
            string(g, "url", h.url());
            string(g, "pageTitle", h.pageTitle());
            string(g, "section", h.section());
            string(g, "target", h.target());
            string(g, "referrerUrl", h.referrerUrl());
            string(g, "referrerType", h.referrerType());
            string(g, "referrerName", h.referrerName());
            string(g, "eventCategory", h.eventCategory());
            string(g, "eventAction", h.eventAction());
            string(g, "eventName", h.eventName());
            if (h.eventValue() != null) {
                g.writeNumberField("eventValue", h.eventValue().doubleValue());
            }
            string(g, "contentName", h.contentName());
            string(g, "contentPiece", h.contentPiece());
            string(g, "contentInteraction", h.contentInteraction());
            string(g, "searchKeyword", h.searchKeyword());
            string(g, "deviceType", h.deviceType());
            string(g, "browser", h.browser());
            string(g, "os", h.os());
            g.writeBooleanField("bot", h.bot());
            string(g, "resolution", h.resolution());
            string(g, "language", h.language());
            g.writeBooleanField("newVisit", h.newVisit());
            if (h.visitCount() != null) {
                g.writeNumberField("visitCount", h.visitCount().intValue());
            }
            instant(g, "previousVisitAt", h.previousVisitAt(), null);
        });
    }

    private static void instant(JsonGenerator g, String name, Instant value, InstantText cache) throws IOException {
        if (value != null) {
            g.writeStringField(name, cache == null ? value.toString() : cache.text(value));
        }
    }

    /** The ISO-8601 text of the last instant asked for (one request's hits share their arrival time). Not shared between threads. */
    public static final class InstantText {
        private Instant last;
        private String text;

        String text(Instant i) {
            if (!i.equals(last)) {
                last = i;
                text = i.toString();
            }
            return text;
        }
    }
}
