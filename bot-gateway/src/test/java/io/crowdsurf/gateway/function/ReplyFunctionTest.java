package io.crowdsurf.gateway.function;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.cloudevents.CloudEvent;
import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.data.ChatReplyDelivered;
import io.crowdsurf.events.data.ChatReplyFailed;
import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.Choice;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.gateway.Events;
import io.crowdsurf.gateway.PlatformStubs;
import io.crowdsurf.gateway.Webhooks;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.crowdsurf.testsupport.HttpStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.crowdsurf.gateway.function.ReplyRequests.deliver;
import static io.crowdsurf.gateway.function.ReplyRequests.reply;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PlatformStubs.class, restrictToAnnotatedClass = false)
class ReplyFunctionTest {

    static final List<Choice> CITIES = List.of(new Choice("Amsterdam", "POOL_AMS"), new Choice("New York", "POOL_NYC"));

    final HttpStub stub = PlatformStubs.stub();

    @BeforeEach
    void resetStub() {
        stub.reset();
        stub.respond("/sendMessage", HttpStub.Response.json(200, """
                {"ok":true,"result":{"message_id":4711,"from":{"id":123456,"is_bot":true,"first_name":"Crowdsurf"},
                 "chat":{"id":1,"type":"private"},"date":1732370000,"text":"ok"}}"""));
        stub.respond("/chat.postMessage", HttpStub.Response.json(200, """
                {"ok":true,"channel":"C123ABC456","ts":"1503435956.000247","message":{"text":"ok","type":"message"}}"""));
    }

    @Test
    void messengerReplyGoesOutOnceWithQuickRepliesEvenWhenDeliveredTwice() {
        String u = Webhooks.unique();
        stub.respond("/P" + u + "/messages", HttpStub.Response.json(200,
                "{\"recipient_id\":\"PSID" + u + "\",\"message_id\":\"m_AG5Hz2U" + u + "\"}"));
        ChatReplyRequested r = reply("r-" + u, Platform.MESSENGER, "P" + u, "PSID" + u, "Which city?", CITIES);

        deliver(r).then().statusCode(204);
        deliver(r).then().statusCode(204);

        List<HttpStub.Request> sent = stub.requests("/P" + u + "/messages");
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).query()).contains("access_token=" + PlatformStubs.PAGE_TOKEN);
        JsonNode body = json(sent.get(0).body());
        assertThat(body.at("/recipient/id").asText()).isEqualTo("PSID" + u);
        assertThat(body.at("/messaging_type").asText()).isEqualTo("RESPONSE");
        assertThat(body.at("/message/text").asText()).isEqualTo("Which city?");
        assertThat(body.at("/message/quick_replies/0/content_type").asText()).isEqualTo("text");
        assertThat(body.at("/message/quick_replies/1/title").asText()).isEqualTo("New York");
        assertThat(body.at("/message/quick_replies/1/payload").asText()).isEqualTo("POOL_NYC");

        List<CloudEvent> delivered = Events.withId("r-" + u + ":delivered");
        assertThat(delivered).hasSize(1);
        assertThat(delivered.get(0).getType()).isEqualTo("com.crowdsurf.chat.reply.delivered");
        assertThat(delivered.get(0).getSource()).hasToString("/crowdsurf/bot-gateway/messenger");
        ChatReplyDelivered d = CrowdsurfEvents.data(delivered.get(0), ChatReplyDelivered.class);
        assertThat(d.platformMessageId()).isEqualTo("m_AG5Hz2U" + u);
        assertThat(d.attempts()).isEqualTo(1);
        assertThat(d.conversationId()).isEqualTo("messenger:P" + u + ":PSID" + u);
    }

    @Test
    void concurrentDuplicateDeliveriesSendOnce() throws Exception {
        String u = Webhooks.unique();
        stub.respond("/P" + u + "/messages", HttpStub.Response.json(200,
                "{\"recipient_id\":\"PSID" + u + "\",\"message_id\":\"m_" + u + "\"}"));
        ChatReplyRequested r = reply("rc-" + u, Platform.MESSENGER, "P" + u, "PSID" + u, "Hi", List.of());
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                statuses.add(pool.submit((Callable<Integer>) () -> deliver(r).statusCode()));
            }
            for (Future<Integer> s : statuses) {
                // 204: sent or already sent; 503: another delivery held the claim, the broker retries.
                assertThat(s.get()).isIn(204, 503);
            }
        } finally {
            pool.shutdownNow();
        }
        deliver(r).then().statusCode(204);
        assertThat(stub.requests("/P" + u + "/messages")).hasSize(1);
        assertThat(Events.withId("rc-" + u + ":delivered")).hasSize(1);
    }

    @Test
    void telegram429ThenSuccessWaitsRetryAfter() {
        long chat = 500_000_000L + System.nanoTime() % 100_000_000L;
        stub.enqueue("/sendMessage", HttpStub.Response.json(429, """
                {"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}"""));
        ChatReplyRequested r = reply("rt-" + chat, Platform.TELEGRAM, PlatformStubs.TELEGRAM_BOT_ID,
                Long.toString(chat), "Which city?", CITIES);

        long start = System.nanoTime();
        deliver(r).then().statusCode(204);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));

        List<HttpStub.Request> sent = stub.requests("/bot" + PlatformStubs.TELEGRAM_TOKEN + "/sendMessage");
        assertThat(sent).hasSize(2);
        JsonNode body = json(sent.get(1).body());
        assertThat(body.at("/chat_id").asText()).isEqualTo(Long.toString(chat));
        assertThat(body.at("/reply_markup/inline_keyboard/0/0/text").asText()).isEqualTo("Amsterdam");
        assertThat(body.at("/reply_markup/inline_keyboard/1/0/callback_data").asText()).isEqualTo("POOL_NYC");
        ChatReplyDelivered d = CrowdsurfEvents.data(Events.withId("rt-" + chat + ":delivered").get(0),
                ChatReplyDelivered.class);
        assertThat(d.attempts()).isEqualTo(2);
        assertThat(d.platformMessageId()).isEqualTo("4711");
    }

    @Test
    void slack429HonoursRetryAfterHeaderThenPostsWithButtons() {
        String u = Webhooks.unique();
        stub.enqueue("/chat.postMessage", new HttpStub.Response(429, "{\"ok\":false,\"error\":\"ratelimited\"}",
                Map.of("Content-Type", "application/json", "Retry-After", "1")));
        ChatReplyRequested r = reply("rs-" + u, Platform.SLACK, "T" + u, "C" + u, "Pick one", CITIES);

        long start = System.nanoTime();
        deliver(r).then().statusCode(204);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));

        List<HttpStub.Request> sent = stub.requests("/slack/api/chat.postMessage");
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).header("Authorization")).isEqualTo("Bearer " + PlatformStubs.SLACK_TOKEN);
        JsonNode body = json(sent.get(1).body());
        assertThat(body.at("/channel").asText()).isEqualTo("C" + u);
        assertThat(body.at("/text").asText()).isEqualTo("Pick one");
        assertThat(body.at("/blocks/1/elements/0/value").asText()).isEqualTo("POOL_AMS");
        assertThat(CrowdsurfEvents.data(Events.withId("rs-" + u + ":delivered").get(0), ChatReplyDelivered.class)
                .platformMessageId()).isEqualTo("1503435956.000247");
    }

    @Test
    void slashCommandAnswerGoesToResponseUrlOnlyIfItIsSlacks() {
        String u = Webhooks.unique();
        stub.respond("/hooks/commands/" + u, new HttpStub.Response(200, "ok", Map.of("Content-Type", "text/plain")));
        ChatReplyRequested viaUrl = new ChatReplyRequested("ru-" + u, Platform.SLACK, "T" + u, "U" + u,
                "slack:T" + u + ":C" + u, "2,700 members", List.of(), stub.baseUrl() + "/hooks/commands/" + u,
                null, null);
        deliver(viaUrl).then().statusCode(204);
        assertThat(stub.requests("/hooks/commands/" + u)).hasSize(1);
        assertThat(json(stub.requests("/hooks/commands/" + u).get(0).body()).at("/text").asText())
                .isEqualTo("2,700 members");
        assertThat(stub.requests("/chat.postMessage")).isEmpty();
        assertThat(Events.withId("ru-" + u + ":delivered")).hasSize(1);

        ChatReplyRequested elsewhere = new ChatReplyRequested("rx-" + u, Platform.SLACK, "T" + u, "U" + u,
                "slack:T" + u + ":C" + u, "leak?", List.of(), "http://169.254.169.254/latest/meta-data", null, null);
        deliver(elsewhere).then().statusCode(204);
        assertThat(CrowdsurfEvents.data(Events.withId("rx-" + u + ":failed").get(0), ChatReplyFailed.class).error())
                .contains("not a Slack URL");
    }

    @Test
    void refusalIsNotRetriedAndIsReportedWithThePlatformsError() {
        String u = Webhooks.unique();
        stub.respond("/P" + u + "/messages", HttpStub.Response.json(400, """
                {"error":{"message":"(#100) No matching user found","type":"OAuthException","code":100,
                          "error_subcode":2018001,"fbtrace_id":"AbCdEf123"}}"""));
        deliver(reply("rf-" + u, Platform.MESSENGER, "P" + u, "PSID" + u, "Hi", List.of())).then().statusCode(204);

        assertThat(stub.requests("/P" + u + "/messages")).hasSize(1);
        ChatReplyFailed f = CrowdsurfEvents.data(Events.withId("rf-" + u + ":failed").get(0), ChatReplyFailed.class);
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.error()).contains("#100/2018001").contains("No matching user found").contains("AbCdEf123");
        assertThat(f.attempts()).isEqualTo(1);
        // Redelivered: already settled, nothing sent, nothing reported twice.
        deliver(reply("rf-" + u, Platform.MESSENGER, "P" + u, "PSID" + u, "Hi", List.of())).then().statusCode(204);
        assertThat(stub.requests("/P" + u + "/messages")).hasSize(1);
        assertThat(Events.withId("rf-" + u + ":failed")).hasSize(1);
    }

    @Test
    void platformDownBeyondRetriesFailsTheDeliverySoTheBrokerRetriesLater() {
        String u = Webhooks.unique();
        stub.respond("/P" + u + "/messages", HttpStub.Response.json(500, """
                {"error":{"message":"An unexpected error has occurred. Please retry your request later.",
                          "type":"OAuthException","is_transient":true,"code":2,"fbtrace_id":"Fx1"}}"""));
        ChatReplyRequested r = reply("rd-" + u, Platform.MESSENGER, "P" + u, "PSID" + u, "Hi", List.of());

        deliver(r).then().statusCode(500);
        assertThat(stub.requests("/P" + u + "/messages")).hasSize(4);
        assertThat(Events.withId("rd-" + u + ":delivered")).isEmpty();
        assertThat(Events.withId("rd-" + u + ":failed")).isEmpty();

        // Meta recovers; the broker's retry of the same event now goes through, once.
        stub.respond("/P" + u + "/messages", HttpStub.Response.json(200,
                "{\"recipient_id\":\"PSID" + u + "\",\"message_id\":\"m_" + u + "\"}"));
        deliver(r).then().statusCode(204);
        deliver(r).then().statusCode(204);
        assertThat(stub.requests("/P" + u + "/messages")).hasSize(5);
        assertThat(Events.withId("rd-" + u + ":delivered")).hasSize(1);
    }

    @Test
    void outsideThe24HourWindowOnlyTaggedMessagesGoOut() {
        String u = Webhooks.unique();
        stub.respond("/P" + u + "/messages", HttpStub.Response.json(200,
                "{\"recipient_id\":\"PSID" + u + "\",\"message_id\":\"m_" + u + "\"}"));
        Instant yesterday = Instant.now().minus(Duration.ofHours(25));
        String conversation = "messenger:P" + u + ":PSID" + u;
        deliver(new ChatReplyRequested("rw-" + u, Platform.MESSENGER, "P" + u, "PSID" + u, conversation,
                "Doors open at 8", List.of(), null, yesterday, null)).then().statusCode(204);
        assertThat(stub.requests("/P" + u + "/messages")).isEmpty();
        assertThat(CrowdsurfEvents.data(Events.withId("rw-" + u + ":failed").get(0), ChatReplyFailed.class).error())
                .contains("24-hour window");

        deliver(new ChatReplyRequested("rwt-" + u, Platform.MESSENGER, "P" + u, "PSID" + u, conversation,
                "Doors open at 8", List.of(), null, yesterday, "CONFIRMED_EVENT_UPDATE")).then().statusCode(204);
        JsonNode body = json(stub.requests("/P" + u + "/messages").get(0).body());
        assertThat(body.at("/messaging_type").asText()).isEqualTo("MESSAGE_TAG");
        assertThat(body.at("/tag").asText()).isEqualTo("CONFIRMED_EVENT_UPDATE");
    }

    @Test
    void unusableRequestIsReportedFailedNotRetried() {
        String u = Webhooks.unique();
        deliver(new ChatReplyRequested("ri-" + u, Platform.MESSENGER, "P", "U", "not-a-conversation", "Hi",
                List.of(), null, null, null)).then().statusCode(204);
        assertThat(CrowdsurfEvents.data(Events.withId("ri-" + u + ":failed").get(0), ChatReplyFailed.class).error())
                .contains("invalid reply");
    }

    private static JsonNode json(String body) {
        try {
            return EventJson.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
