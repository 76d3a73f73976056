package io.crowdsurf.gateway.function;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.data.ChatReplyDelivered;
import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.gateway.Events;
import io.crowdsurf.gateway.PlatformStubs;
import io.crowdsurf.gateway.Webhooks;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.crowdsurf.testsupport.TestMongo;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.crowdsurf.gateway.function.ReplyRequests.deliver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The narrowest window of send-once: the platform took the message, then MongoDB went away before the
 * outcome could be recorded. That delivery fails (500); a redelivery after MongoDB is back must record
 * the outcome and report it, and must not send the message again. Stops the JVM-wide MongoDB-wire server,
 * so it lives in its own class and always restarts it.
 */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PlatformStubs.class, restrictToAnnotatedClass = false)
class MongoOutageReplyTest {

    @AfterAll
    static void mongoIsBack() {
        PlatformStubs.beforeHookAnswer(() -> { });
        TestMongo.start();
    }

    @Test
    void replySentWhileMongoWentAwayIsRecordedByARedeliveryNotResent() {
        String u = Webhooks.unique();
        ChatReplyRequested reply = new ChatReplyRequested("rm-" + u, Platform.SLACK, "T" + u, "U" + u,
                "slack:T" + u + ":C" + u, "1,234 members", List.of(), PlatformStubs.hookBase() + "/hooks/" + u,
                null, null);
        int callsBefore = PlatformStubs.hookCalls();
        PlatformStubs.beforeHookAnswer(TestMongo::stop);
        try {
            // A 500 the broker retries, in the project's problem+json rather than Quarkus' default page.
            deliver(reply).then().statusCode(500).contentType("application/problem+json")
                    .body("status", equalTo(500))
                    .body("detail", containsString("error id "));
        } finally {
            PlatformStubs.beforeHookAnswer(() -> { });
            TestMongo.start();
        }
        assertThat(PlatformStubs.hookCalls() - callsBefore).as("sent once, before MongoDB went away").isEqualTo(1);
        assertThat(Events.withId("rm-" + u + ":delivered")).isEmpty();

        // The broker redelivers until it sees success.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status;
        do {
            status = deliver(reply).statusCode();
        } while (status != 204 && System.nanoTime() < deadline);
        assertThat(status).isEqualTo(204);
        deliver(reply).then().statusCode(204);

        assertThat(PlatformStubs.hookCalls() - callsBefore).as("never sent again").isEqualTo(1);
        List<io.cloudevents.CloudEvent> delivered = Events.withId("rm-" + u + ":delivered");
        assertThat(delivered).hasSize(1);
        assertThat(CrowdsurfEvents.data(delivered.get(0), ChatReplyDelivered.class).attempts()).isEqualTo(1);
    }
}
