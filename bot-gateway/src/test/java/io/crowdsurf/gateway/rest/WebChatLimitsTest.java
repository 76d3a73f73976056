package io.crowdsurf.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.crowdsurf.gateway.Events;
import io.crowdsurf.gateway.PlatformStubs;
import io.crowdsurf.gateway.Webhooks;
import io.crowdsurf.gateway.config.GatewayConfig;
import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * The per-session limit: a burst is accepted and published, the next message is refused. The profile makes the
 * refill so slow (one message per 1,000 s) that a slow machine cannot refill the bucket during the test.
 */
@QuarkusTest
@TestProfile(WebChatLimitsTest.SlowRefill.class)
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PlatformStubs.class, restrictToAnnotatedClass = false)
class WebChatLimitsTest {

    public static class SlowRefill implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.webchat.session-rate", "0.001", "gateway.webchat.session-burst", "3");
        }
    }

    @Inject
    GatewayConfig config;

    @Test
    void aSessionBeyondItsBurstGets429WithRetryAfterAndOtherSessionsAreNotAffected() {
        String session = "s" + Webhooks.unique() + "flood";
        int burst = config.webchat().sessionBurst();
        for (int i = 0; i < burst; i++) {
            post(session, "m" + i + "xxxxxxx").then().statusCode(202);
        }
        Response refused = post(session, "over-the-limit");
        refused.then().statusCode(429).contentType(Problem.MEDIA_TYPE).body("status", equalTo(429));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, (long) Math.ceil(1 / config.webchat().sessionRate()));

        // Every accepted message is in Kafka; the refused one is not.
        for (int i = 0; i < burst; i++) {
            assertThat(Events.await("webchat:" + session + ":m" + i + "xxxxxxx", 1)).hasSize(1);
        }
        assertThat(Events.withId("webchat:" + session + ":over-the-limit")).isEmpty();

        post("s" + Webhooks.unique() + "other", "first-message").then().statusCode(202);
    }

    private static Response post(String session, String clientMessageId) {
        return given().contentType("application/json")
                .body("{\"sessionId\":\"" + session + "\",\"text\":\"hi\",\"clientMessageId\":\"" + clientMessageId + "\"}")
                .post("/chat/api/messages");
    }
}
