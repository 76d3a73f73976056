package io.crowdsurf.drills.harness;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Plays Meta: builds Messenger webhook payloads as the platform documents them and POSTs them to
 * bot-gateway signed with {@code X-Hub-Signature-256} over the exact bytes.
 */
public final class Messenger {

    private final String gatewayUrl;
    private final String appSecret;
    private final String pageId;

    public Messenger(String gatewayUrl, String appSecret, String pageId) {
        this.gatewayUrl = gatewayUrl;
        this.appSecret = appSecret;
        this.pageId = pageId;
    }

    public String pageId() {
        return pageId;
    }

    /** A text message (and optionally the payload of a tapped quick reply) from fan {@code psid}. */
    public byte[] message(String psid, String mid, String text, String quickReplyPayload) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        long now = System.currentTimeMillis();
        ObjectNode message = f.objectNode().put("mid", mid);
        if (text != null) {
            message.put("text", text);
        }
        if (quickReplyPayload != null) {
            message.putObject("quick_reply").put("payload", quickReplyPayload);
        }
        ObjectNode item = f.objectNode();
        item.putObject("sender").put("id", psid);
        item.putObject("recipient").put("id", pageId);
        item.put("timestamp", now);
        item.set("message", message);
        ObjectNode root = f.objectNode().put("object", "page");
        ObjectNode entry = root.putArray("entry").addObject().put("id", pageId).put("time", now);
        entry.putArray("messaging").add(item);
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** POSTs a correctly signed webhook. */
    public Http.Reply post(byte[] body) {
        return post(body, Map.of("X-Hub-Signature-256", signature(body)));
    }

    /** POSTs with exactly these headers (for wrong or missing signatures). */
    public Http.Reply post(byte[] body, Map<String, String> headers) {
        java.util.Map<String, String> h = new java.util.HashMap<>(headers);
        h.putIfAbsent("Content-Type", "application/json");
        return Http.send("POST", gatewayUrl + "/webhooks/messenger", h, body, Duration.ofSeconds(30));
    }

    /** Sends a fan's message until the gateway acknowledges it with 2xx, as Meta's redelivery does. */
    public Http.Reply postUntilAcked(byte[] body, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Http.Reply last;
        do {
            last = post(body);
            if (last.is2xx()) {
                return last;
            }
            Poll.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("webhook not acknowledged within " + timeout + ": last " + last);
    }

    public String signature(byte[] body) {
        return "sha256=" + hmacHex(appSecret, body);
    }

    public static String hmacHex(String secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
