package io.crowdsurf.gateway.inbound;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.crowdsurf.events.data.ChatMessageReceived;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.gateway.ConversationId;
import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;

import static io.crowdsurf.gateway.inbound.JsonBodies.epochMillis;
import static io.crowdsurf.gateway.inbound.JsonBodies.text;

/**
 * Reads a Messenger webhook ({@code object: page}, {@code entry[].messaging[]}) into fan messages:
 * texts, quick-reply payloads, postbacks and referrals. Echoes of our own messages, delivery and read
 * receipts and every other kind are ignored: Meta sends many and expects 200 for all.
 */
public final class MessengerParser {

    private MessengerParser() {
    }

    public static List<ChatMessageReceived> parse(JsonNode root) {
        if (!"page".equals(text(root, "object"))) {
            return List.of();
        }
        JsonNode entries = root.get("entry");
        if (entries == null || !entries.isArray()) {
            throw new ProblemException(Problem.invalid("entry", "a page webhook needs an entry array"));
        }
        List<ChatMessageReceived> out = new ArrayList<>();
        for (JsonNode entry : entries) {
            JsonNode messaging = entry.get("messaging");
            if (messaging == null || !messaging.isArray()) {
                continue; // changes, standby and other feeds: not ours
            }
            for (JsonNode item : messaging) {
                ChatMessageReceived m = item(item);
                if (m != null) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    private static ChatMessageReceived item(JsonNode item) {
        String psid = text(item, "sender", "id");
        String pageId = text(item, "recipient", "id");
        if (psid == null || pageId == null) {
            return null;
        }
        Instant at = epochMillis(item, "timestamp");
        JsonNode message = item.get("message");
        if (message != null && message.isObject()) {
            if (message.path("is_echo").asBoolean(false) || text(message, "mid") == null) {
                return null;
            }
            return of(pageId, psid, text(message, "mid"), text(message, "text"),
                    text(message, "quick_reply", "payload"), text(message, "referral", "ref"), at);
        }
        JsonNode postback = item.get("postback");
        if (postback != null && postback.isObject()) {
            String mid = text(postback, "mid");
            // Older postbacks have no mid; sender + timestamp identifies the tap just as well.
            String id = mid != null ? mid : "postback:" + psid + ":" + item.path("timestamp").asText();
            return of(pageId, psid, id, text(postback, "title"), text(postback, "payload"),
                    text(postback, "referral", "ref"), at);
        }
        JsonNode referral = item.get("referral");
        if (referral != null && referral.isObject()) {
            // A fan already in the conversation scanned a QR code or followed an m.me link.
            return of(pageId, psid, "referral:" + psid + ":" + item.path("timestamp").asText(), null, null,
                    text(referral, "ref"), at);
        }
        return null;
    }

    private static ChatMessageReceived of(String pageId, String psid, String messageId, String text, String choice,
            String referral, Instant at) {
        String conversation = ConversationId.of(Platform.MESSENGER, pageId, psid).toString();
        return new ChatMessageReceived(Platform.MESSENGER, pageId, psid, conversation, messageId, text, choice,
                referral, null, at);
    }
}
