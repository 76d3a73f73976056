package io.crowdsurf.gateway.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.crowdsurf.gateway.Events;
import io.crowdsurf.gateway.PlatformStubs;
import io.crowdsurf.gateway.Webhooks;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Correctly signed bodies that are not valid UTF-8 are refused by every channel with a 400 problem, and
 * nothing reaches Kafka: JSON parsers and {@code new String(bytes, UTF_8)} would quietly turn the broken
 * bytes into U+FFFD and publish the result.
 */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PlatformStubs.class, restrictToAnnotatedClass = false)
class InvalidUtf8Test {

    /** A lone continuation byte, an invalid lead byte, an overlong '/', and a UTF-16 surrogate in UTF-8. */
    static final List<byte[]> BROKEN = List.of(new byte[] {(byte) 0x80}, new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});

    /** {@code before + broken + after}, so the broken bytes sit inside a JSON string or form value. */
    static byte[] with(String before, byte[] broken, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] b = after.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[a.length + broken.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(broken, 0, out, a.length, broken.length);
        System.arraycopy(b, 0, out, a.length + broken.length, b.length);
        return out;
    }

    @Test
    void slackEventWithInvalidUtf8Is400() {
        for (byte[] broken : BROKEN) {
            String u = Webhooks.unique();
            byte[] body = with("{\"type\":\"event_callback\",\"team_id\":\"T" + u + "\",\"event\":{\"type\":\"message\","
                    + "\"channel\":\"D" + u + "\",\"user\":\"U1\",\"text\":\"h", broken, "i\",\"ts\":\"1700000000.000100\"}}");
            Webhooks.slack("application/json", body).post("/webhooks/slack/events").then().statusCode(400)
                    .contentType(containsString("application/problem+json")).body("status", equalTo(400));
            assertNothingFor(u);
        }
    }

    @Test
    void slackCommandWithInvalidUtf8Is400() {
        for (byte[] broken : BROKEN) {
            String u = Webhooks.unique();
            byte[] raw = with("team_id=T" + u + "&channel_id=C" + u + "&user_id=U1&command=%2Fstats&text=mem", broken,
                    "bers&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1&trigger_id=t" + u);
            HttpResponse<String> answer = postSlackForm(raw);
            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/problem+json"));
            assertNothingFor(u);
        }
        // Percent-encoded broken UTF-8 is just as broken once decoded.
        String u = Webhooks.unique();
        HttpResponse<String> answer = postSlackForm(("team_id=T" + u + "&channel_id=C" + u
                + "&user_id=U1&command=%2Fstats&text=%FF%FE&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1"
                + "&trigger_id=t" + u).getBytes(StandardCharsets.US_ASCII));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("\"field\":\"text\"");
        assertNothingFor(u);
    }

    /** RestAssured cannot send a byte[] form body, so this one goes through the JDK client, signed as Slack does. */
    private static HttpResponse<String> postSlackForm(byte[] body) {
        long timestamp = Instant.now().getEpochSecond();
        ByteArrayOutputStream base = new ByteArrayOutputStream();
        base.writeBytes(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
        base.writeBytes(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                + "/webhooks/slack/commands"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", Long.toString(timestamp))
                .header("X-Slack-Signature", "v0=" + Signatures.hmacHex(PlatformStubs.SLACK_SECRET, base.toByteArray()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void telegramUpdateWithInvalidUtf8Is400() {
        for (byte[] broken : BROKEN) {
            long chat = 700_000_000L + System.nanoTime() % 100_000_000L;
            byte[] body = with("{\"update_id\":1,\"message\":{\"message_id\":1,\"from\":{\"id\":42,\"is_bot\":false,"
                    + "\"first_name\":\"Fan\"},\"chat\":{\"id\":" + chat + ",\"type\":\"private\"},\"date\":1700000000,"
                    + "\"text\":\"h", broken, "i\"}}");
            Webhooks.telegram(body).post("/webhooks/telegram").then().statusCode(400)
                    .contentType(containsString("application/problem+json"));
            assertNothingFor(Long.toString(chat));
        }
    }

    @Test
    void messengerWebhookWithInvalidUtf8Is400() {
        for (byte[] broken : BROKEN) {
            String u = Webhooks.unique();
            byte[] body = with("{\"object\":\"page\",\"entry\":[{\"id\":\"P" + u + "\",\"time\":1700000000000,"
                    + "\"messaging\":[{\"sender\":{\"id\":\"F" + u + "\"},\"recipient\":{\"id\":\"P" + u + "\"},"
                    + "\"timestamp\":1700000000000,\"message\":{\"mid\":\"m" + u + "\",\"text\":\"h", broken, "i\"}}]}]}");
            Webhooks.messenger(body).post("/webhooks/messenger").then().statusCode(400)
                    .contentType(containsString("application/problem+json"));
            assertNothingFor(u);
        }
    }

    @Test
    void webChatMessageWithInvalidUtf8Is400() {
        for (byte[] broken : BROKEN) {
            String u = Webhooks.unique();
            byte[] body = with("{\"sessionId\":\"sess" + u + "\",\"text\":\"h", broken, "i\"}");
            given().contentType("application/json").body(body).post("/chat/api/messages").then().statusCode(400)
                    .contentType(containsString("application/problem+json")).body("field", equalTo("body"));
            assertNothingFor(u);
        }
    }

    private static void assertNothingFor(String marker) {
        assertThat(Events.matching(e -> e.getSubject() != null && e.getSubject().contains(marker)))
                .as("events published for " + marker).isEmpty();
    }
}
