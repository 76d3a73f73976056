package io.crowdsurf.gateway.rest;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.gateway.Events;
import io.crowdsurf.gateway.PlatformStubs;
import io.crowdsurf.gateway.Webhooks;
import io.crowdsurf.gateway.function.ReplyRequests;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GATEWAY_ROLES=replies}: the reply function and the web chat work; the webhooks are 404; health is served. */
@QuarkusTest
@TestProfile(GatewayRepliesRoleTest.Profile.class)
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PlatformStubs.class, restrictToAnnotatedClass = false)
class GatewayRepliesRoleTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.roles", "replies");
        }
    }

    /** A reply request to a Slack response_url of the stub (no platform token needed). */
    static ChatReplyRequested reply(String u) {
        return new ChatReplyRequested("roles-" + u, Platform.SLACK, "T" + u, "U" + u, "slack:T" + u + ":C" + u, "hi",
                List.of(), PlatformStubs.hookBase() + "/hooks/" + u, null, null);
    }

    @Test
    void repliesAndWebChatAreServedAndTheWebhooksAreNot() {
        String u = Webhooks.unique();
        Webhooks.messenger(MessengerWebhookTest.page("P" + u, MessengerWebhookTest.text("P" + u, "U" + u,
                "m_roles" + u, "hi"))).post("/webhooks/messenger").then().statusCode(404)
                .contentType("application/problem+json");
        assertThat(Events.withId("messenger:m_roles" + u)).isEmpty();

        ReplyRequests.deliver(reply(u)).then().statusCode(204);
        assertThat(Events.withId("roles-" + u + ":delivered")).hasSize(1);
        given().get("/chat").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
    }
}
