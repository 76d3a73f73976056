package io.crowdsurf.bench;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Messenger Platform webhook bodies, signed like Meta signs them, aimed at bot-gateway. */
public final class Messenger {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI webhook;
    private final String pageId;
    private final Signer signer;

    public Messenger(URI webhook, String pageId, String appSecret) {
        this.webhook = webhook;
        this.pageId = pageId;
        this.signer = new Signer(appSecret);
    }

    /** A typed text message (e.g. the first message after scanning the QR code); {@code ref} may be null. */
    public Driver.Req text(String psid, String mid, String text) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("mid", mid);
        message.put("text", text);
        return signed(psid, message);
    }

    /** A tapped quick reply: Messenger sends the title as text and the payload under {@code quick_reply}. */
    public Driver.Req quickReply(String psid, String mid, String title, String payload) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("mid", mid);
        message.put("text", title);
        message.put("quick_reply", Map.of("payload", payload));
        return signed(psid, message);
    }

    public byte[] body(String psid, Map<String, Object> message) {
        long now = System.currentTimeMillis();
        Map<String, Object> messaging = new LinkedHashMap<>();
        messaging.put("sender", Map.of("id", psid));
        messaging.put("recipient", Map.of("id", pageId));
        messaging.put("timestamp", now);
        messaging.put("message", message);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", pageId);
        entry.put("time", now);
        entry.put("messaging", List.of(messaging));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("object", "page");
        root.put("entry", List.of(entry));
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Driver.Req signed(String psid, Map<String, Object> message) {
        byte[] body = body(psid, message);
        return new Driver.Req(webhook, Map.of(
                "Content-Type", "application/json",
                Signer.HEADER, signer.sign(body)), body);
    }
}
