package io.crowdsurf.drills.harness;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.crowdsurf.testsupport.BadInputs;

/**
 * A public HTTP endpoint and how it authenticates, so a hostile input can be signed (or mis-signed) the
 * way that endpoint expects.
 */
public record Endpoint(String service, String method, String path, Scheme scheme, byte[] validBody,
        String contentType) {

    /** How requests to the endpoint prove who sent them. */
    public enum Scheme {
        /** Messenger: X-Hub-Signature-256 HMAC of the body. */
        META,
        /** Slack: v0 HMAC over "v0:{timestamp}:{body}" plus X-Slack-Request-Timestamp. */
        SLACK,
        /** Telegram: X-Telegram-Bot-Api-Secret-Token. */
        TELEGRAM,
        /** Admin APIs: Authorization: Bearer. */
        BEARER,
        /** Open to anyone (web chat, CloudEvent functions): only the body can be wrong. */
        NONE
    }

    public static Endpoint of(String service, String method, String path, Scheme scheme, String validBody,
            String contentType) {
        return new Endpoint(service, method, path, scheme, validBody.getBytes(StandardCharsets.UTF_8), contentType);
    }

    /** The headers for {@code input} on this endpoint: content type, its extra headers and the (mis)signature. */
    public Map<String, String> headers(BadInputs.Input input) {
        Map<String, String> h = new LinkedHashMap<>();
        if (input.contentType() != null && !input.contentType().isEmpty()) {
            h.put("Content-Type", input.contentType());
        }
        h.putAll(input.headers());
        byte[] body = input.body();
        BadInputs.Signing signing = input.signing();
        switch (scheme) {
            case META -> {
                switch (signing) {
                    case VALID -> h.put("X-Hub-Signature-256", "sha256=" + Messenger.hmacHex(Drills.APP_SECRET, body));
                    case WRONG, STALE -> h.put("X-Hub-Signature-256", "sha256=" + Messenger.hmacHex("not-the-secret", body));
                    case GARBAGE -> h.put("X-Hub-Signature-256", input.garbageSignature());
                    case MISSING -> { }
                }
            }
            case SLACK -> {
                long now = Instant.now().getEpochSecond();
                long ts = signing == BadInputs.Signing.STALE ? now - 3600 : now;
                String base = "v0:" + ts + ":";
                byte[] signed = new byte[base.length() + body.length];
                System.arraycopy(base.getBytes(StandardCharsets.UTF_8), 0, signed, 0, base.length());
                System.arraycopy(body, 0, signed, base.length(), body.length);
                switch (signing) {
                    case VALID, STALE -> {
                        h.put("X-Slack-Request-Timestamp", Long.toString(ts));
                        h.put("X-Slack-Signature", "v0=" + Messenger.hmacHex(Drills.SLACK_SECRET, signed));
                    }
                    case WRONG -> {
                        h.put("X-Slack-Request-Timestamp", Long.toString(ts));
                        h.put("X-Slack-Signature", "v0=" + Messenger.hmacHex("not-the-secret", signed));
                    }
                    case GARBAGE -> {
                        h.put("X-Slack-Request-Timestamp", input.index() % 2 == 0 ? "yesterday" : Long.toString(ts));
                        h.put("X-Slack-Signature", input.garbageSignature());
                    }
                    case MISSING -> { }
                }
            }
            case TELEGRAM -> {
                switch (signing) {
                    case VALID -> h.put("X-Telegram-Bot-Api-Secret-Token", Drills.TELEGRAM_SECRET);
                    case WRONG, STALE -> h.put("X-Telegram-Bot-Api-Secret-Token", Drills.TELEGRAM_SECRET + "x");
                    case GARBAGE -> h.put("X-Telegram-Bot-Api-Secret-Token", input.garbageSignature());
                    case MISSING -> { }
                }
            }
            case BEARER -> {
                switch (signing) {
                    case VALID -> h.put("Authorization", "Bearer " + Drills.ADMIN_TOKEN);
                    case WRONG, STALE -> h.put("Authorization", "Bearer " + Drills.ADMIN_TOKEN + "x");
                    case GARBAGE -> h.put("Authorization", input.garbageSignature());
                    case MISSING -> { }
                }
            }
            case NONE -> { }
        }
        return h;
    }

    @Override
    public String toString() {
        return service + " " + method + " " + path;
    }
}
