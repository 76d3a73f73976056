package io.crowdsurf.gateway.rest;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;
import io.crowdsurf.events.CrowdsurfEvents;
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
class MessengerWebhookTest {

    static String page(String pageId, String messagingItems) {
        return """
                {"object":"page","entry":[{"id":"%s","time":1732370000000,"messaging":[%s]}]}"""
                .formatted(pageId, messagingItems);
    }

    static String text(String pageId, String psid, String mid, String text) {
        return """
                {"sender":{"id":"%s"},"recipient":{"id":"%s"},"timestamp":1732370000123,
                 "message":{"mid":"%s","text":"%s"}}""".formatted(psid, pageId, mid, text);
    }

    @Test
    void verificationHandshakeEchoesTheChallenge() {
        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", PlatformStubs.VERIFY_TOKEN)
                .queryParam("hub.challenge", "1158201444")
                .get("/webhooks/messenger").then().statusCode(200).body(equalTo("1158201444"));
    }

    @Test
    void verificationWithWrongTokenIsForbidden() {
        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", "guess")
                .queryParam("hub.challenge", "1158201444")
                .get("/webhooks/messenger").then().statusCode(403)
                .contentType("application/problem+json").body("status", equalTo(403));
        given().queryParam("hub.mode", "unsubscribe").queryParam("hub.verify_token", PlatformStubs.VERIFY_TOKEN)
                .queryParam("hub.challenge", "1").get("/webhooks/messenger").then().statusCode(403);
    }

    @Test
    void signedTextMessageIsInKafkaBeforeThe200() {
        String u = Webhooks.unique();
        String mid = "m_" + u;
        Webhooks.messenger(page("PAGE" + u, text("PAGE" + u, "PSID" + u, mid, "hello")))
                .post("/webhooks/messenger").then().statusCode(200).body(equalTo("EVENT_RECEIVED"));

        // Acknowledged by Kafka before the 200: no polling needed.
        List<ConsumerRecord<String, byte[]>> records = Events.recordsWithId("messenger:" + mid);
        assertThat(records).hasSize(1);
        ConsumerRecord<String, byte[]> record = records.get(0);
        String conversation = "messenger:PAGE" + u + ":PSID" + u;
        assertThat(record.key()).isEqualTo(conversation);
        assertThat(Events.header(record, "ce_type")).isEqualTo("com.crowdsurf.chat.message.received");
        assertThat(Events.header(record, "ce_source")).isEqualTo("/crowdsurf/bot-gateway/messenger");
        assertThat(Events.header(record, "ce_subject")).isEqualTo(conversation);
        assertThat(Events.header(record, "ce_partitionkey")).isEqualTo(conversation);

        ChatMessageReceived data = CrowdsurfEvents.data(Events.withId("messenger:" + mid).get(0),
                ChatMessageReceived.class);
        assertThat(data.platform()).isEqualTo(Platform.MESSENGER);
        assertThat(data.botId()).isEqualTo("PAGE" + u);
        assertThat(data.userId()).isEqualTo("PSID" + u);
        assertThat(data.conversationId()).isEqualTo(conversation);
        assertThat(data.messageId()).isEqualTo(mid);
        assertThat(data.text()).isEqualTo("hello");
        assertThat(data.choice()).isNull();
        assertThat(data.platformTimestamp()).hasToString("2024-11-23T13:53:20.123Z");
    }

    @Test
    void nonAsciiPayloadSignedAsMetaSendsItVerifies() {
        String u = Webhooks.unique();
        // Meta escapes non-ASCII characters in the body it signs; the signature covers those exact bytes.
        String escaped = "Caf\\u00e9 \\u00fcber \\ud83c\\udf89 \\u65e5\\u672c";
        Webhooks.messenger(page("P" + u, text("P" + u, "U" + u, "m_na" + u, escaped)))
                .post("/webhooks/messenger").then().statusCode(200);
        // The same text sent as raw UTF-8 verifies too.
        Webhooks.messenger(page("P" + u, text("P" + u, "U" + u, "m_utf" + u, "Café über 🎉 日本")))
                .post("/webhooks/messenger").then().statusCode(200);

        assertThat(CrowdsurfEvents.data(Events.withId("messenger:m_na" + u).get(0), ChatMessageReceived.class).text())
                .isEqualTo("Café über 🎉 日本");
        assertThat(CrowdsurfEvents.data(Events.withId("messenger:m_utf" + u).get(0), ChatMessageReceived.class).text())
                .isEqualTo("Café über 🎉 日本");
    }

    @Test
    void quickReplyPostbackAndReferralBecomeChoiceAndReferral() {
        String u = Webhooks.unique();
        String p = "P" + u;
        String items = String.join(",",
                """
                {"sender":{"id":"A%1$s"},"recipient":{"id":"%2$s"},"timestamp":1732370000001,
                 "message":{"mid":"m_qr%1$s","text":"Amsterdam","quick_reply":{"payload":"POOL_AMS"}}}"""
                        .formatted(u, p),
                """
                {"sender":{"id":"B%1$s"},"recipient":{"id":"%2$s"},"timestamp":1732370000002,
                 "postback":{"mid":"m_pb%1$s","title":"Get Started","payload":"GET_STARTED",
                             "referral":{"ref":"qr-poster-42","source":"SHORTLINK","type":"OPEN_THREAD"}}}"""
                        .formatted(u, p),
                """
                {"sender":{"id":"C%1$s"},"recipient":{"id":"%2$s"},"timestamp":1732370000003,
                 "referral":{"ref":"qr-stage-left","source":"SHORTLINK","type":"OPEN_THREAD"}}"""
                        .formatted(u, p),
                """
                {"sender":{"id":"D%1$s"},"recipient":{"id":"%2$s"},"timestamp":1732370000004,
                 "message":{"mid":"m_echo%1$s","is_echo":true,"app_id":1517776481860111,"text":"our own reply"}}"""
                        .formatted(u, p),
                """
                {"sender":{"id":"E%1$s"},"recipient":{"id":"%2$s"},"timestamp":1732370000005,
                 "delivery":{"mids":["m_x"],"watermark":1732370000000}}""".formatted(u, p));
        Webhooks.messenger(page(p, items)).post("/webhooks/messenger").then().statusCode(200);

        ChatMessageReceived quick = only("messenger:m_qr" + u);
        assertThat(quick.text()).isEqualTo("Amsterdam");
        assertThat(quick.choice()).isEqualTo("POOL_AMS");

        ChatMessageReceived postback = only("messenger:m_pb" + u);
        assertThat(postback.choice()).isEqualTo("GET_STARTED");
        assertThat(postback.referral()).isEqualTo("qr-poster-42");

        ChatMessageReceived referral = only("messenger:referral:C" + u + ":1732370000003");
        assertThat(referral.referral()).isEqualTo("qr-stage-left");
        assertThat(referral.conversationId()).isEqualTo("messenger:" + p + ":C" + u);

        assertThat(Events.matching(e -> e.getSubject() != null && e.getSubject().endsWith(":D" + u))).isEmpty();
        assertThat(Events.matching(e -> e.getSubject() != null && e.getSubject().endsWith(":E" + u))).isEmpty();
    }

    @Test
    void redeliveredWebhookYieldsOneEvent() {
        String u = Webhooks.unique();
        String body = page("P" + u, text("P" + u, "U" + u, "m_dup" + u, "once"));
        for (int i = 0; i < 3; i++) {
            Webhooks.messenger(body).post("/webhooks/messenger").then().statusCode(200);
        }
        // A batch that repeats an item it already carries, plus a new one.
        String batch = page("P" + u, text("P" + u, "U" + u, "m_dup" + u, "once") + ","
                + text("P" + u, "U" + u, "m_dup" + u, "once") + "," + text("P" + u, "U" + u, "m_new" + u, "new"));
        Webhooks.messenger(batch).post("/webhooks/messenger").then().statusCode(200);

        assertThat(Events.withId("messenger:m_dup" + u)).hasSize(1);
        assertThat(Events.withId("messenger:m_new" + u)).hasSize(1);
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith("crowdsurf_gateway_inbound_total") && l.contains("platform=\"messenger\"")
                        && l.contains("result=\"duplicate\""))
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))))
                .as("duplicates dropped, on /q/metrics").singleElement().satisfies(n -> assertThat(n).isGreaterThanOrEqualTo(4));
    }

    @Test
    void wrongOrMissingSignatureIs401AndWritesNothing() {
        String u = Webhooks.unique();
        String body = page("P" + u, text("P" + u, "U" + u, "m_bad" + u, "forged"));
        given().contentType("application/json").body(body)
                .header("X-Hub-Signature-256", "sha256=" + Signatures.hmacHex("not-the-secret",
                        body.getBytes(StandardCharsets.UTF_8)))
                .post("/webhooks/messenger").then().statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401)).body("detail", containsString("X-Hub-Signature-256"));
        given().contentType("application/json").body(body)
                .post("/webhooks/messenger").then().statusCode(401).contentType("application/problem+json");
        given().contentType("application/json").body(body).header("X-Hub-Signature-256", "sha256=zz")
                .post("/webhooks/messenger").then().statusCode(401);
        // Signed, then tampered with: one changed byte.
        String tampered = body.replace("forged", "forgeD");
        given().contentType("application/json").body(tampered)
                .header("X-Hub-Signature-256", "sha256=" + Signatures.hmacHex(PlatformStubs.APP_SECRET,
                        body.getBytes(StandardCharsets.UTF_8)))
                .post("/webhooks/messenger").then().statusCode(401);

        assertThat(Events.withId("messenger:m_bad" + u)).isEmpty();
    }

    @Test
    void malformedJsonIs400AndUnknownObjectIs200() {
        Webhooks.messenger("{\"object\":\"page\",\"entry\":[").post("/webhooks/messenger").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("malformed JSON"));
        Webhooks.messenger("[1,2]").post("/webhooks/messenger").then().statusCode(400);
        Webhooks.messenger("").post("/webhooks/messenger").then().statusCode(400);
        Webhooks.messenger("{\"object\":\"page\",\"entry\":{}}").post("/webhooks/messenger").then().statusCode(400)
                .body("field", equalTo("entry"));

        String u = Webhooks.unique();
        Webhooks.messenger("""
                {"object":"instagram","entry":[{"id":"I%1$s","time":1,"messaging":[
                  {"sender":{"id":"X%1$s"},"recipient":{"id":"I%1$s"},"timestamp":1,"message":{"mid":"m_ig%1$s","text":"hi"}}]}]}"""
                .formatted(u)).post("/webhooks/messenger").then().statusCode(200);
        assertThat(Events.withId("messenger:m_ig" + u)).isEmpty();
    }

    @Inject
    MessengerWebhookRoute route;

    /**
     * Once an ack came within the last second, signed webhooks are answered by {@link MessengerWebhookRoute} on the
     * event loop; everything else still gets the resource's answers, byte for byte the same problems.
     */
    @Test
    void whileKafkaIsWarmTheRouteAcksDurablyAndLeavesBadInputToTheResource() {
        String u = Webhooks.unique();
        long before = route.taken();
        // Each ack keeps the publisher warm for a second; on a loaded machine the next request may come later, so
        // send until one is taken (the first ack of the test run warms it in any case).
        String mid = null;
        for (int i = 0; i < 20 && route.taken() == before; i++) {
            mid = "m_w" + i + "_" + u;
            var ok = Webhooks.messenger(page("P" + u, text("P" + u, "U" + u, mid, "fast")))
                    .post("/webhooks/messenger").then().statusCode(200).body(equalTo("EVENT_RECEIVED")).extract();
            assertThat(ok.contentType()).isEqualTo("text/plain;charset=UTF-8");
        }
        assertThat(route.taken()).as("answered by the route").isEqualTo(before + 1);
        assertThat(Events.recordsWithId("messenger:" + mid)).as("in Kafka before the 200").hasSize(1);

        String body = page("P" + u, text("P" + u, "U" + u, "m_bad2" + u, "forged"));
        long warm = route.taken();
        given().contentType("application/json").body(body).header("X-Hub-Signature-256", "sha256=00")
                .post("/webhooks/messenger").then().statusCode(401).contentType("application/problem+json")
                .body("status", equalTo(401)).body("detail", equalTo("X-Hub-Signature-256 does not match the body"));
        Webhooks.messenger("{\"object\":\"page\",\"entry\":{}}").post("/webhooks/messenger").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("entry"));
        Webhooks.messenger(page("P" + u, text("P" + u, "U" + u, "m_json" + u, "json only"))).accept("application/json")
                .post("/webhooks/messenger").then().statusCode(406).contentType("application/problem+json");
        assertThat(route.taken()).as("bad input is not the route's").isEqualTo(warm);
        assertThat(Events.withId("messenger:m_bad2" + u)).isEmpty();
        assertThat(Events.withId("messenger:m_json" + u)).isEmpty();
    }

    @Test
    void acceptHeadersTheRouteAnswersAreThoseTextPlainSatisfies() {
        assertThat(MessengerWebhookRoute.acceptsTextPlain(null)).isTrue();
        assertThat(MessengerWebhookRoute.acceptsTextPlain("*/*")).isTrue();
        assertThat(MessengerWebhookRoute.acceptsTextPlain("text/plain, application/json")).isTrue();
        assertThat(MessengerWebhookRoute.acceptsTextPlain("application/json")).isFalse();
        assertThat(MessengerWebhookRoute.acceptsTextPlain("text/plain;q=0, */*")).isFalse();
    }

    @Test
    void bodyOverOneMebibyteIs413() {
        String u = Webhooks.unique();
        String big = page("P" + u, text("P" + u, "U" + u, "m_big" + u, "x".repeat(1024 * 1024 + 10)));
        Webhooks.messenger(big).post("/webhooks/messenger").then().statusCode(413);
        assertThat(Events.withId("messenger:m_big" + u)).isEmpty();
    }

    private static ChatMessageReceived only(String id) {
        List<CloudEvent> events = Events.withId(id);
        assertThat(events).as(id).hasSize(1);
        return CrowdsurfEvents.data(events.get(0), ChatMessageReceived.class);
    }
}
