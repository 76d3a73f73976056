package io.crowdsurf.gateway.rest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import io.crowdsurf.events.Hmac;
import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;

/**
 * Webhook authentication. Every check hashes the exact bytes received (Meta signs its escaped-unicode
 * form; re-serialising would break non-ASCII payloads) and compares in constant time.
 */
public final class Signatures {

    private Signatures() {
    }

    /** Messenger: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body with the app secret>}. */
    public static void verifyMeta(String appSecret, byte[] body, String header) {
        if (header == null || !header.startsWith("sha256=")) {
            throw unauthorized("missing or malformed X-Hub-Signature-256");
        }
        if (!Hmac.matchesHex(appSecret, body, header.substring("sha256=".length()))) {
            throw unauthorized("X-Hub-Signature-256 does not match the body");
        }
    }

    /**
     * Slack: {@code X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:{timestamp}:{body}">}, and the timestamp
     * within {@code maxSkew} of now so a captured request cannot be replayed later.
     */
    public static void verifySlack(String signingSecret, byte[] body, String timestamp, String header, Instant now,
            Duration maxSkew) {
        if (header == null || !header.startsWith("v0=") || timestamp == null) {
            throw unauthorized("missing X-Slack-Signature or X-Slack-Request-Timestamp");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw unauthorized("X-Slack-Request-Timestamp is not a number");
        }
        if (Math.abs(now.getEpochSecond() - seconds) > maxSkew.toSeconds()) {
            throw unauthorized("X-Slack-Request-Timestamp is too old (or too far ahead); possible replay");
        }
        byte[] prefix = ("v0:" + timestamp.trim() + ":").getBytes(StandardCharsets.UTF_8);
        byte[] base = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, base, 0, prefix.length);
        System.arraycopy(body, 0, base, prefix.length, body.length);
        if (!Hmac.matchesHex(signingSecret, base, header.substring("v0=".length()))) {
            throw unauthorized("X-Slack-Signature does not match the body");
        }
    }

    /** Telegram: the secret_token given to setWebhook comes back in X-Telegram-Bot-Api-Secret-Token. */
    public static void verifyToken(String expected, String actual, String headerName) {
        if (actual == null || !matches(expected, actual)) {
            throw unauthorized("missing or wrong " + headerName);
        }
    }

    /** Constant-time comparison, so timing does not reveal how much of a secret matched. */
    public static boolean matches(String expected, String actual) {
        return Hmac.equalsConstantTime(expected, actual);
    }

    public static String hmacHex(String secret, byte[] data) {
        return Hmac.hex(secret, data);
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(Problem.of(401, "Unauthorized", detail));
    }
}
