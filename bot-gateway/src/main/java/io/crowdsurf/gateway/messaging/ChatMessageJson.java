package io.crowdsurf.gateway.messaging;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.data.ChatMessageReceived;

/**
 * A {@link ChatMessageReceived} as the bytes {@code EventJson.write} gives (same fields, order and formats, nulls
 * left out), written with Jackson's streaming generator: the webhook path parses the platform's body once into the
 * record and writes the event's data once from it, without the reflective record serializer and without the
 * CloudEvents SDK building an event only to take it apart into headers again. {@code ChatMessageJsonTest} holds the
 * two to the same bytes.
 */
public final class ChatMessageJson {

    private static final JsonFactory FACTORY = EventJson.MAPPER.getFactory();

    private ChatMessageJson() {
    }

    public static byte[] write(ChatMessageReceived m) {
        ByteArrayBuilder out = new ByteArrayBuilder(384);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            if (m.platform() != null) {
                g.writeStringField("platform", m.platform().id());
            }
            string(g, "botId", m.botId());
            string(g, "userId", m.userId());
            string(g, "conversationId", m.conversationId());
            string(g, "messageId", m.messageId());
            string(g, "text", m.text());
            string(g, "choice", m.choice());
            string(g, "referral", m.referral());
            string(g, "userName", m.userName());
            Instant at = m.platformTimestamp();
            if (at != null) {
                g.writeStringField("platformTimestamp", at.toString());
            }
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
}
