package io.crowdsurf.gateway.rest;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crowdsurf.gateway.Events;
import io.crowdsurf.gateway.PlatformStubs;
import io.crowdsurf.gateway.Webhooks;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** With no secrets configured every channel is off: 404, never open, nothing to Kafka. Web chat needs none. */
@QuarkusTest
@TestProfile(DisabledChannelsTest.NoSecrets.class)
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PlatformStubs.class, restrictToAnnotatedClass = false)
class DisabledChannelsTest {

    /**
     * A config profile of its own, so the %test secrets do not apply: as in production with no env vars. The
     * secrets are pinned empty here, so channel variables exported in the caller's shell (MESSENGER_APP_SECRET…)
     * cannot switch a channel on.
     */
    public static class NoSecrets implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "no-secrets";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.test-port", "0",
                    "gateway.messenger.app-secret", "",
                    "gateway.messenger.verify-token", "",
                    "gateway.slack.signing-secret", "",
                    "gateway.telegram.secret-token", "");
        }
    }

    @Test
    void everyChannelWithoutItsSecretIs404() {
        String u = Webhooks.unique();
        Webhooks.messenger(MessengerWebhookTest.page("P" + u, MessengerWebhookTest.text("P" + u, "U" + u, "m_off" + u,
                "hi"))).post("/webhooks/messenger").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("MESSENGER_APP_SECRET"));
        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", "")
                .queryParam("hub.challenge", "1").get("/webhooks/messenger").then().statusCode(404);
        Webhooks.slack("application/json", "{\"type\":\"url_verification\",\"challenge\":\"c\"}")
                .post("/webhooks/slack/events").then().statusCode(404);
        Webhooks.slack("application/x-www-form-urlencoded", "command=%2Fstats")
                .post("/webhooks/slack/commands").then().statusCode(404);
        Webhooks.telegram("{\"update_id\":1}").header("X-Telegram-Bot-Api-Secret-Token", "")
                .post("/webhooks/telegram").then().statusCode(404);
        assertThat(Events.withId("messenger:m_off" + u)).isEmpty();

        given().get("/chat").then().statusCode(200);
    }
}
