package io.crowdsurf.gateway.rest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.data.ChatCommandReceived;
import io.crowdsurf.events.data.ChatMessageReceived;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.gateway.Events;
import io.crowdsurf.gateway.PlatformStubs;
import io.crowdsurf.gateway.Webhooks;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PlatformStubs.class, restrictToAnnotatedClass = false)
class SlackWebhookTest {

    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";

    static String messageEvent(String team, String channel, String user, String ts, String eventId, String type,
            String text) {
        return """
                {"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","team_id":"%1$s","api_app_id":"A0KRD7HC3",
                 "event":{"type":"%6$s","channel":"%2$s","user":"%3$s","text":"%7$s","ts":"%4$s",
                          "event_ts":"%4$s","channel_type":"channel"},
                 "type":"event_callback","event_id":"%5$s","event_time":1732370000}"""
                .formatted(team, channel, user, ts, eventId, type, text);
    }

    @Test
    void urlVerificationEchoesTheChallenge() {
        Webhooks.slack(JSON, """
                {"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                 "type":"url_verification"}""")
                .post("/webhooks/slack/events").then().statusCode(200)
                .body("challenge", equalTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"));
    }

    @Test
    void messageEventBecomesChatMessageReceived() {
        String u = Webhooks.unique();
        Webhooks.slack(JSON, messageEvent("T" + u, "C" + u, "U" + u, "1732370000.000100", "Ev" + u, "message",
                "Amsterdam please")).post("/webhooks/slack/events").then().statusCode(200);

        ChatMessageReceived m = CrowdsurfEvents.data(
                Events.withId("slack:C" + u + ":1732370000.000100").get(0), ChatMessageReceived.class);
        assertThat(m.platform()).isEqualTo(Platform.SLACK);
        assertThat(m.conversationId()).isEqualTo("slack:T" + u + ":C" + u);
        assertThat(m.botId()).isEqualTo("T" + u);
        assertThat(m.userId()).isEqualTo("U" + u);
        assertThat(m.text()).isEqualTo("Amsterdam please");
        assertThat(m.platformTimestamp()).isEqualTo(Instant.parse("2024-11-23T13:53:20.000100Z"));
    }

    @Test
    void retriedEventAndItsMentionTwinYieldOneEvent() {
        String u = Webhooks.unique();
        String ts = "1732370001.000200";
        String event = messageEvent("T" + u, "C" + u, "U" + u, ts, "Ev" + u, "message", "<@UBOT> hi");
        Webhooks.slack(JSON, event).post("/webhooks/slack/events").then().statusCode(200);
        // Slack did not see our 200 in time and retries, saying so in headers.
        Webhooks.slack(JSON, event).header("X-Slack-Retry-Num", "1").header("X-Slack-Retry-Reason", "http_timeout")
                .post("/webhooks/slack/events").then().statusCode(200);
        Webhooks.slack(JSON, event).header("X-Slack-Retry-Num", "2").header("X-Slack-Retry-Reason", "http_timeout")
                .post("/webhooks/slack/events").then().statusCode(200);
        // The same message also arrives as an app_mention with its own event id.
        Webhooks.slack(JSON, messageEvent("T" + u, "C" + u, "U" + u, ts, "EvM" + u, "app_mention", "<@UBOT> hi"))
                .post("/webhooks/slack/events").then().statusCode(200);

        assertThat(Events.withId("slack:C" + u + ":" + ts)).hasSize(1);
    }

    @Test
    void appMentionLosesTheLeadingMentionAndBotPostsAreIgnored() {
        String u = Webhooks.unique();
        Webhooks.slack(JSON, messageEvent("T" + u, "C" + u, "U" + u, "1.000001", "Ev1" + u, "app_mention",
                "<@U0LAN0Z89> New York")).post("/webhooks/slack/events").then().statusCode(200);
        assertThat(CrowdsurfEvents.data(Events.withId("slack:C" + u + ":1.000001").get(0), ChatMessageReceived.class)
                .text()).isEqualTo("New York");

        Webhooks.slack(JSON, """
                {"team_id":"T%1$s","type":"event_callback","event_id":"Ev2%1$s",
                 "event":{"type":"message","subtype":"bot_message","bot_id":"B1","channel":"C%1$s","text":"our reply","ts":"2.000001"}}"""
                .formatted(u)).post("/webhooks/slack/events").then().statusCode(200);
        Webhooks.slack(JSON, """
                {"team_id":"T%1$s","type":"event_callback","event_id":"Ev3%1$s",
                 "event":{"type":"reaction_added","user":"U%1$s","reaction":"thumbsup","item":{"type":"message","channel":"C%1$s","ts":"1.000001"},"event_ts":"3.000001"}}"""
                .formatted(u)).post("/webhooks/slack/events").then().statusCode(200);
        assertThat(Events.withId("slack:C" + u + ":2.000001")).isEmpty();
        assertThat(Events.matching(e -> ("slack:T" + u + ":C" + u).equals(e.getSubject()))).hasSize(1);
    }

    @Test
    void staleWrongAndMissingSignaturesAre401() {
        String u = Webhooks.unique();
        String event = messageEvent("T" + u, "C" + u, "U" + u, "5.000001", "Ev" + u, "message", "replayed");
        long sixMinutesAgo = Instant.now().minusSeconds(360).getEpochSecond();
        Webhooks.slack(JSON, event, sixMinutesAgo).post("/webhooks/slack/events").then().statusCode(401)
                .contentType("application/problem+json").body("detail", containsString("too old"));
        given().contentType(JSON).body(event).header("X-Slack-Request-Timestamp", Instant.now().getEpochSecond())
                .header("X-Slack-Signature", "v0=" + "0".repeat(64))
                .post("/webhooks/slack/events").then().statusCode(401).body("status", equalTo(401));
        given().contentType(JSON).body(event).post("/webhooks/slack/events").then().statusCode(401);
        given().contentType(JSON).body(event).header("X-Slack-Request-Timestamp", "yesterday")
                .header("X-Slack-Signature", "v0=00").post("/webhooks/slack/events").then().statusCode(401);
        given().contentType(FORM).body("command=%2Fstats").post("/webhooks/slack/commands").then().statusCode(401);
        // Four minutes old is still fine (the limit is five).
        Webhooks.slack(JSON, messageEvent("T" + u, "C" + u, "U" + u, "6.000001", "Ev6" + u, "message", "late"),
                Instant.now().minusSeconds(240).getEpochSecond()).post("/webhooks/slack/events").then().statusCode(200);

        assertThat(Events.withId("slack:C" + u + ":5.000001")).isEmpty();
    }

    @Test
    void slashCommandIsAcknowledgedAtOnceAndPublished() {
        String u = Webhooks.unique();
        String responseUrl = "https://hooks.slack.com/commands/1234/5678";
        String form = "token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T" + u + "&team_domain=example&channel_id=C" + u
                + "&channel_name=test&user_id=U" + u + "&user_name=Steve&command=%2Fstats&text=members"
                + "&response_url=" + URLEncoder.encode(responseUrl, StandardCharsets.UTF_8)
                + "&trigger_id=13345224609." + u + ".66f3ab";
        Webhooks.slack(FORM, form).post("/webhooks/slack/commands").then().statusCode(200);
        Webhooks.slack(FORM, form).post("/webhooks/slack/commands").then().statusCode(200);

        var events = Events.withId("slack:13345224609." + u + ".66f3ab");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getType()).isEqualTo("com.crowdsurf.chat.command.received");
        ChatCommandReceived c = CrowdsurfEvents.data(events.get(0), ChatCommandReceived.class);
        assertThat(c.command()).isEqualTo("/stats");
        assertThat(c.text()).isEqualTo("members");
        assertThat(c.responseUrl()).isEqualTo(responseUrl);
        assertThat(c.conversationId()).isEqualTo("slack:T" + u + ":C" + u);
        assertThat(c.userId()).isEqualTo("U" + u);
    }

    @Test
    void malformedFormOrJsonIs400() {
        Webhooks.slack(FORM, "team_id=T1&command=%zz").post("/webhooks/slack/commands").then().statusCode(400)
                .contentType("application/problem+json");
        Webhooks.slack(FORM, "team_id=T1&channel_id=C1").post("/webhooks/slack/commands").then().statusCode(400)
                .body("field", equalTo("user_id"));
        Webhooks.slack(JSON, "{\"type\":\"event_callback\",").post("/webhooks/slack/events").then().statusCode(400);
        Webhooks.slack(JSON, "{\"type\":\"url_verification\"}").post("/webhooks/slack/events").then().statusCode(400);
        Webhooks.slack(FORM, "payload=%7Bnot-json").post("/webhooks/slack/interactivity").then().statusCode(400);
        // Kinds we do not handle are fine.
        Webhooks.slack(JSON, "{\"type\":\"app_rate_limited\",\"team_id\":\"T1\",\"minute_rate_limited\":1518467820}")
                .post("/webhooks/slack/events").then().statusCode(200);
    }

    @Test
    void tappedButtonBecomesAChoice() {
        String u = Webhooks.unique();
        String payload = """
                {"type":"block_actions","team":{"id":"T%1$s","domain":"example"},"user":{"id":"U%1$s","username":"fan"},
                 "channel":{"id":"C%1$s","name":"quiz"},"trigger_id":"123.456",
                 "actions":[{"action_id":"choice-1","block_id":"b1","text":{"type":"plain_text","text":"New York"},
                             "value":"POOL_NYC","type":"button","action_ts":"1732370009.1234"}]}""".formatted(u);
        Webhooks.slack(FORM, "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8))
                .post("/webhooks/slack/interactivity").then().statusCode(200);

        ChatMessageReceived m = CrowdsurfEvents.data(
                Events.withId("slack:action:C" + u + ":U" + u + ":1732370009.1234").get(0), ChatMessageReceived.class);
        assertThat(m.choice()).isEqualTo("POOL_NYC");
        assertThat(m.text()).isEqualTo("New York");
        assertThat(m.conversationId()).isEqualTo("slack:T" + u + ":C" + u);
    }
}
