package io.crowdsurf.gateway.function;

import java.time.Duration;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.data.ChatReplyDelivered;
import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.gateway.Events;
import io.crowdsurf.gateway.PlatformStubs;
import io.crowdsurf.gateway.Webhooks;
import io.crowdsurf.gateway.persistence.ReplyLedger;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.crowdsurf.testsupport.TestMongo;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.crowdsurf.gateway.function.ReplyRequests.deliver;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The narrowest window of send-once: the platform took the message, then MongoDB went away before the
 * outcome could be recorded. The delivery still succeeds once chat.reply.delivered is in Kafka (which needs no
 * MongoDB), so the conversation's next reply is not held up behind it; the outcome is written to the ledger in
 * the background as soon as MongoDB is back, and a later redelivery sends nothing. Stops the JVM-wide
 * MongoDB-wire server, so it lives in its own class and always restarts it.
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
    void replySentWhileMongoWentAwayIsReportedAtOnceRecordedLaterAndNeverResent() throws InterruptedException {
        String u = Webhooks.unique();
        String replyId = "rm-" + u;
        ChatReplyRequested reply = new ChatReplyRequested(replyId, Platform.SLACK, "T" + u, "U" + u,
                "slack:T" + u + ":C" + u, "1,234 members", List.of(), PlatformStubs.hookBase() + "/hooks/" + u,
                null, null);
        int callsBefore = PlatformStubs.hookCalls();
        PlatformStubs.beforeHookAnswer(TestMongo::stop);
        try {
            deliver(reply).then().statusCode(204);
            assertThat(PlatformStubs.hookCalls() - callsBefore).as("sent once, before MongoDB went away").isEqualTo(1);
            assertThat(Events.withId(replyId + ":delivered")).as("reported while MongoDB is still away").hasSize(1);
            // A redelivery during the outage finds the outcome in memory: nothing sent again.
            deliver(reply).then().statusCode(204);
            assertThat(PlatformStubs.hookCalls() - callsBefore).isEqualTo(1);
        } finally {
            PlatformStubs.beforeHookAnswer(() -> { });
            TestMongo.start();
        }

        // MongoDB is back: the background recorder writes the outcome.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Document recorded = null;
        while (System.nanoTime() < deadline && (recorded == null || !recorded.getBoolean("reported", false))) {
            recorded = ledgerEntry(replyId);
            if (recorded == null || !recorded.getBoolean("reported", false)) {
                Thread.sleep(50);
            }
        }
        assertThat(recorded).as("ledger entry of " + replyId).isNotNull();
        assertThat(recorded.getString("state")).isEqualTo("SENT");
        assertThat(recorded.getBoolean("reported")).isTrue();

        deliver(reply).then().statusCode(204);
        assertThat(PlatformStubs.hookCalls() - callsBefore).as("never sent again").isEqualTo(1);
        List<io.cloudevents.CloudEvent> delivered = Events.withId(replyId + ":delivered");
        assertThat(delivered).hasSizeGreaterThanOrEqualTo(1)
                .allSatisfy(e -> assertThat(e.getId()).isEqualTo(replyId + ":delivered"));
        assertThat(CrowdsurfEvents.data(delivered.get(0), ChatReplyDelivered.class).attempts()).isEqualTo(1);
    }

    /** The reply's document in whichever ledger bucket holds it, read straight from MongoDB. */
    private static Document ledgerEntry(String replyId) {
        try (MongoClient client = MongoClients.create(TestMongo.connectionString())) {
            MongoDatabase db = client.getDatabase("crowdsurf");
            for (String name : db.listCollectionNames()) {
                if (name.startsWith(ReplyLedger.COLLECTION_PREFIX)) {
                    Document d = db.getCollection(name).find(new Document("_id", replyId)).first();
                    if (d != null) {
                        return d;
                    }
                }
            }
            return null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
