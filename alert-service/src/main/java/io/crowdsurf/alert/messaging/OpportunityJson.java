package io.crowdsurf.alert.messaging;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonGenerator;

import io.crowdsurf.events.JsonFields;
import io.crowdsurf.events.data.AlertOpportunity;
import io.crowdsurf.events.data.ChatReplyRequested;

import static io.crowdsurf.events.JsonFields.string;

/**
 * The data of a found/cancelled opportunity and of its chat reply as the very bytes {@code EventJson.write} gives
 * (same fields, order and formats, nulls left out), written field by field ({@link JsonFields}): a forecast refresh
 * writes hundreds of thousands of each, and the reflective record serializer (an accessor call through reflection
 * per field, a formatter per instant) was a large part of their cost. {@code OpportunityJsonTest} holds both to the
 * same bytes.
 */
final class OpportunityJson {

    private OpportunityJson() {
    }

    static byte[] write(AlertOpportunity o) {
        return JsonFields.object(384, g -> {
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
        });
    }

    /** An alert's reply: no answer buttons (alert notifications never have any). */
    static byte[] write(ChatReplyRequested r) {
        if (!r.choices().isEmpty()) {
            throw new IllegalArgumentException("alert replies have no choices");
        }
        return JsonFields.object(512, g -> {
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
        });
    }

    private static void instant(JsonGenerator g, String name, Instant value) throws IOException {
        string(g, name, value == null ? null : value.toString());
    }
}
