package io.crowdsurf.gateway.rest;

import org.junit.jupiter.api.Test;

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
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PlatformStubs.class, restrictToAnnotatedClass = false)
class TelegramWebhookTest {

    static final String BOT = PlatformStubs.TELEGRAM_BOT_ID;

    static String message(long updateId, long chatId, long messageId, String text) {
        return """
                {"update_id":%1$d,
                 "message":{"message_id":%3$d,"from":{"id":%2$d,"is_bot":false,"first_name":"Ana","username":"ana_m","language_code":"nl"},
                            "chat":{"id":%2$d,"first_name":"Ana","username":"ana_m","type":"private"},
                            "date":1732370000,"text":"%4$s"}}""".formatted(updateId, chatId, messageId, text);
    }

    static long chat() {
        return 100_000_000L + (System.nanoTime() % 800_000_000L);
    }

    @Test
    void messageBecomesChatMessageReceived() {
        long chat = chat();
        Webhooks.telegram(message(1, chat, 42, "Hallo 👋")).post("/webhooks/telegram").then().statusCode(200);
        // Telegram resends an update it did not see acknowledged.
        Webhooks.telegram(message(1, chat, 42, "Hallo 👋")).post("/webhooks/telegram").then().statusCode(200);

        var events = Events.withId("telegram:" + chat + ":42");
        assertThat(events).hasSize(1);
        ChatMessageReceived m = CrowdsurfEvents.data(events.get(0), ChatMessageReceived.class);
        assertThat(m.platform()).isEqualTo(Platform.TELEGRAM);
        assertThat(m.conversationId()).isEqualTo("telegram:" + BOT + ":" + chat);
        assertThat(m.botId()).isEqualTo(BOT);
        assertThat(m.userId()).isEqualTo(Long.toString(chat));
        assertThat(m.userName()).isEqualTo("Ana");
        assertThat(m.text()).isEqualTo("Hallo 👋");
        assertThat(events.get(0).getExtension("partitionkey")).isEqualTo("telegram:" + BOT + ":" + chat);
    }

    @Test
    void deepLinkStartCarriesTheReferral() {
        long chat = chat();
        Webhooks.telegram(message(2, chat, 1, "/start qr-poster-7")).post("/webhooks/telegram").then().statusCode(200);
        ChatMessageReceived m = CrowdsurfEvents.data(Events.withId("telegram:" + chat + ":1").get(0),
                ChatMessageReceived.class);
        assertThat(m.referral()).isEqualTo("qr-poster-7");
    }

    @Test
    void callbackQueryBecomesAChoiceAndIsAnsweredInTheResponse() {
        long chat = chat();
        String update = """
                {"update_id":3,
                 "callback_query":{"id":"4382bfdwdsb323b2d9%1$d","from":{"id":%1$d,"is_bot":false,"first_name":"Ana"},
                   "message":{"message_id":77,"from":{"id":123456,"is_bot":true,"first_name":"Crowdsurf"},
                              "chat":{"id":%1$d,"type":"private"},"date":1732370000,"text":"Which city?"},
                   "chat_instance":"-2838571982467","data":"POOL_AMS"}}""".formatted(chat);
        Webhooks.telegram(update).post("/webhooks/telegram").then().statusCode(200)
                .body("method", equalTo("answerCallbackQuery"))
                .body("callback_query_id", equalTo("4382bfdwdsb323b2d9" + chat));

        ChatMessageReceived m = CrowdsurfEvents.data(
                Events.withId("telegram:callback:4382bfdwdsb323b2d9" + chat).get(0), ChatMessageReceived.class);
        assertThat(m.choice()).isEqualTo("POOL_AMS");
        assertThat(m.conversationId()).isEqualTo("telegram:" + BOT + ":" + chat);
    }

    @Test
    void wrongOrMissingSecretIs401AndWritesNothing() {
        long chat = chat();
        given().contentType("application/json").body(message(4, chat, 5, "forged"))
                .header("X-Telegram-Bot-Api-Secret-Token", "guess")
                .post("/webhooks/telegram").then().statusCode(401).contentType("application/problem+json");
        given().contentType("application/json").body(message(4, chat, 5, "forged"))
                .post("/webhooks/telegram").then().statusCode(401).body("status", equalTo(401));
        assertThat(Events.withId("telegram:" + chat + ":5")).isEmpty();
    }

    @Test
    void malformedIs400AndOtherUpdatesAre200() {
        Webhooks.telegram("{\"update_id\":5,\"message\":").post("/webhooks/telegram").then().statusCode(400)
                .contentType("application/problem+json");
        Webhooks.telegram("\"just a string\"").post("/webhooks/telegram").then().statusCode(400);
        long chat = chat();
        Webhooks.telegram("""
                {"update_id":6,"edited_message":{"message_id":9,"chat":{"id":%1$d,"type":"private"},"date":1,"edit_date":2,"text":"x"}}"""
                .formatted(chat)).post("/webhooks/telegram").then().statusCode(200);
        Webhooks.telegram("{\"update_id\":7,\"my_chat_member\":{}}").post("/webhooks/telegram").then().statusCode(200);
        assertThat(Events.withId("telegram:" + chat + ":9")).isEmpty();
    }
}
