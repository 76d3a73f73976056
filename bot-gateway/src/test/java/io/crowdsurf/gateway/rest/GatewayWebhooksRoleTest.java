package io.crowdsurf.gateway.rest;

import java.util.Map;

import org.junit.jupiter.api.Test;

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
import static org.hamcrest.Matchers.containsString;

/** {@code GATEWAY_ROLES=webhooks}: the webhooks work; the reply function and the web chat are 404; health is served. */
@QuarkusTest
@TestProfile(GatewayWebhooksRoleTest.Profile.class)
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PlatformStubs.class, restrictToAnnotatedClass = false)
class GatewayWebhooksRoleTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.roles", "webhooks");
        }
    }

    @Test
    void webhooksAreServedAndTheReplyRoleIsNot() {
        String u = Webhooks.unique();
        Webhooks.messenger(MessengerWebhookTest.page("P" + u, MessengerWebhookTest.text("P" + u, "U" + u,
                "m_roles" + u, "hi"))).post("/webhooks/messenger").then().statusCode(200);
        assertThat(Events.withId("messenger:m_roles" + u)).hasSize(1);

        int hooks = PlatformStubs.hookCalls();
        ReplyRequests.deliver(GatewayRepliesRoleTest.reply(u)).then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("GATEWAY_ROLES"));
        given().get("/chat").then().statusCode(404);
        given().contentType("application/json").body("{\"sessionId\":\"s-" + u + "\",\"text\":\"hi\"}")
                .post("/chat/api/messages").then().statusCode(404);
        assertThat(PlatformStubs.hookCalls()).as("nothing sent").isEqualTo(hooks);
        assertThat(Events.withId("roles-" + u + ":delivered")).isEmpty();
        given().get("/q/health/live").then().statusCode(200);
    }
}
