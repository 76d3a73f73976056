package io.crowdsurf.gateway.messaging;

import static io.crowdsurf.events.JsonFields.string;

import io.crowdsurf.events.JsonFields;
import io.crowdsurf.events.data.ChatMessageReceived;

/**
 * A {@link ChatMessageReceived} as the bytes {@code EventJson.write} gives (same fields, order and formats, nulls
 * left out), written with Jackson's streaming generator ({@link JsonFields}): the webhook path parses the platform's
 * body once into the record and writes the event's data once from it, without the reflective record serializer and
 * without the CloudEvents SDK building an event only to take it apart into headers again. {@code ChatMessageJsonTest}
 * holds the two to the same bytes.
 */
public final class ChatMessageJson {

    private ChatMessageJson() {
    }

    public static byte[] write(ChatMessageReceived m) {
        return JsonFields.object(384, g -> {
            string(g, "platform", m.platform() == null ? null : m.platform().id());
            string(g, "botId", m.botId());
            string(g, "userId", m.userId());
            string(g, "conversationId", m.conversationId());
            string(g, "messageId", m.messageId());
            string(g, "text", m.text());
            string(g, "choice", m.choice());
            string(g, "referral", m.referral());
            string(g, "userName", m.userName());
            string(g, "platformTimestamp", m.platformTimestamp() == null ? null : m.platformTimestamp().toString());
        });
    }
}
