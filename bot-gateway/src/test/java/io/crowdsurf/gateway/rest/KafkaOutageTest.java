package io.crowdsurf.gateway.rest;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.crowdsurf.gateway.Events;
import io.crowdsurf.gateway.PlatformStubs;
import io.crowdsurf.gateway.Webhooks;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.crowdsurf.testsupport.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Kafka goes away while a webhook arrives: the gateway must not claim success (503, so Meta retries),
 * and once Kafka is back the retried webhook lands exactly once. Stops the JVM-wide broker, so it
 * lives in its own class and always restarts it.
 */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PlatformStubs.class, restrictToAnnotatedClass = false)
class KafkaOutageTest {

    @AfterAll
    static void kafkaIsBack() {
        TestKafka.start();
    }

    @Test
    void webhookIs503WhileKafkaIsDownThenLandsExactlyOnce() {
        String u = Webhooks.unique();
        String body = MessengerWebhookTest.page("P" + u, MessengerWebhookTest.text("P" + u, "U" + u, "m_out" + u,
                "are you there?"));
        String other = MessengerWebhookTest.page("P" + u, MessengerWebhookTest.text("P" + u, "V" + u, "m_out2" + u,
                "me too"));
        try {
            TestKafka.stop();
            Webhooks.messenger(body).post("/webhooks/messenger").then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", notNullValue())
                    .body("status", equalTo(503));
            Webhooks.messenger(other).post("/webhooks/messenger").then().statusCode(503);
        } finally {
            TestKafka.start();
        }

        // Meta keeps redelivering until it sees a 200.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int status;
        do {
            status = Webhooks.messenger(body).post("/webhooks/messenger").statusCode();
            assertThat(status).as("never anything but 503 or 200").isIn(200, 503);
        } while (status != 200 && System.nanoTime() < deadline);
        assertThat(status).isEqualTo(200);
        Webhooks.messenger(other).post("/webhooks/messenger").then().statusCode(200);
        // Redeliveries after success change nothing.
        Webhooks.messenger(body).post("/webhooks/messenger").then().statusCode(200);
        Webhooks.messenger(other).post("/webhooks/messenger").then().statusCode(200);

        assertThat(Events.withId("messenger:m_out" + u)).hasSize(1);
        assertThat(Events.withId("messenger:m_out2" + u)).hasSize(1);
    }
}
