package io.crowdsurf.alert.messaging;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.data.AlertOpportunity;
import io.crowdsurf.events.data.ChatReplyRequested;

/**
 * The data of a found/cancelled opportunity and of its chat reply as the very bytes {@code EventJson.write} gives
 * (same fields, order and formats, nulls left out), written field by field with Jackson's streaming generator: a
 * forecast refresh writes hundreds of thousands of each, and the reflective record serializer (an accessor call
 * through reflection per field, a formatter per instant) was a large part of their cost. {@code OpportunityJsonTest}
 * holds both to the same bytes.
 */
final class OpportunityJson {

    private static final JsonFactory FACTORY = EventJson.MAPPER.getFactory();

    private OpportunityJson() {
    }

    static byte[] write(AlertOpportunity o) {
        ByteArrayBuilder out = new ByteArrayBuilder(384);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            string(g, "alertId", o.alertId());
            string(g, "opportunityId", o.opportunityId());
            string(g, "platform", o.platform() == null ? null : o.platform().id());
            string(g, "userId", o.userId());
            string(g, "conversationId", o.conversationId());
            g.writeNumberField("latitude", o.latitude());
            g.writeNumberField("longitude", o.longitude());
            string(g, "phase", o.phase());
            instant(g, "start", o.start());
            instant(g, "end", o.end());
            string(g, "summary", o.summary());
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** An alert's reply: no answer buttons (alert notifications never have any). */
    static byte[] write(ChatReplyRequested r) {
        if (!r.choices().isEmpty()) {
            throw new IllegalArgumentException("alert replies have no choices");
        }
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            string(g, "replyId", r.replyId());
            string(g, "platform", r.platform() == null ? null : r.platform().id());
            string(g, "botId", r.botId());
            string(g, "userId", r.userId());
            string(g, "conversationId", r.conversationId());
            string(g, "text", r.text());
            g.writeArrayFieldStart("choices");
            g.writeEndArray();
            string(g, "responseUrl", r.responseUrl());
            instant(g, "lastUserMessageAt", r.lastUserMessageAt());
            string(g, "messageTag", r.messageTag());
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

    private static void instant(JsonGenerator g, String name, Instant value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value.toString());
        }
    }
}
