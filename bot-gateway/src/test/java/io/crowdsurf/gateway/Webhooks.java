package io.crowdsurf.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.crowdsurf.gateway.rest.Signatures;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/** Builds webhook requests signed exactly as each platform signs them. */
public final class Webhooks {

    private Webhooks() {
    }

    public static RequestSpecification messenger(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return given().contentType("application/json").body(bytes)
                .header("X-Hub-Signature-256", "sha256=" + Signatures.hmacHex(PlatformStubs.APP_SECRET, bytes));
    }

    public static RequestSpecification slack(String contentType, String body) {
        return slack(contentType, body, Instant.now().getEpochSecond());
    }

    public static RequestSpecification slack(String contentType, String body, long timestamp) {
        String base = "v0:" + timestamp + ":" + body;
        return given().contentType(contentType).body(body)
                .header("X-Slack-Request-Timestamp", Long.toString(timestamp))
                .header("X-Slack-Signature", "v0=" + Signatures.hmacHex(PlatformStubs.SLACK_SECRET,
                        base.getBytes(StandardCharsets.UTF_8)));
    }

    /** Correctly signed raw bytes (which need not be valid UTF-8). */
    public static RequestSpecification messenger(byte[] bytes) {
        return given().contentType("application/json").body(bytes)
                .header("X-Hub-Signature-256", "sha256=" + Signatures.hmacHex(PlatformStubs.APP_SECRET, bytes));
    }

    /** Correctly signed raw bytes (which need not be valid UTF-8). */
    public static RequestSpecification slack(String contentType, byte[] body) {
        long timestamp = Instant.now().getEpochSecond();
        byte[] prefix = ("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8);
        byte[] base = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, base, 0, prefix.length);
        System.arraycopy(body, 0, base, prefix.length, body.length);
        return given().contentType(contentType).body(body)
                .header("X-Slack-Request-Timestamp", Long.toString(timestamp))
                .header("X-Slack-Signature", "v0=" + Signatures.hmacHex(PlatformStubs.SLACK_SECRET, base));
    }

    public static RequestSpecification telegram(byte[] body) {
        return given().contentType("application/json").body(body)
                .header("X-Telegram-Bot-Api-Secret-Token", PlatformStubs.TELEGRAM_SECRET);
    }

    public static RequestSpecification telegram(String body) {
        return given().contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8))
                .header("X-Telegram-Bot-Api-Secret-Token", PlatformStubs.TELEGRAM_SECRET);
    }

    /** A unique suffix so tests sharing one Kafka topic never see each other's events. */
    public static String unique() {
        return Long.toString(System.nanoTime(), 36);
    }
}
