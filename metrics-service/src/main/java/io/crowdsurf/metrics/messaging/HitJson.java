package io.crowdsurf.metrics.messaging;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.data.HitTracked;

/**
 * A {@link HitTracked} as the bytes {@code EventJson.write} gives (same fields, order and formats, nulls left out),
 * written field by field with Jackson's streaming generator instead of its reflective record serializer: that
 * serializer (accessor calls through reflection, a date formatter per instant) was the largest single cost of bulk
 * ingest in a JFR profile. {@code HitJsonTest} holds the two to the same bytes.
 */
public final class HitJson {

    private static final JsonFactory FACTORY = EventJson.MAPPER.getFactory();

    private HitJson() {
    }

    /**
     * @param cache the last instant formatted and its text, reused by the hits of one request (they share their
     *              arrival time); may be null
     */
    public static byte[] write(HitTracked h, InstantText cache) {
        ByteArrayBuilder out = new ByteArrayBuilder(640);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
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
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
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
