package io.crowdsurf.quiz;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crowdsurf.events.data.ChatMessageReceived;
import io.crowdsurf.quiz.persistence.QuizStore;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.crowdsurf.testsupport.TestMongo;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.crowdsurf.quiz.QuizTestSupport.campaign;
import static io.crowdsurf.quiz.QuizTestSupport.conversation;
import static io.crowdsurf.quiz.QuizTestSupport.createOpen;
import static io.crowdsurf.quiz.QuizTestSupport.deliver;
import static io.crowdsurf.quiz.QuizTestSupport.newBot;
import static io.crowdsurf.quiz.QuizTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * MongoDB unreachable: the event is answered 5xx (so the broker retries it) and nothing is sent; once
 * MongoDB is back, the same event is handled normally. The in-memory server comes back empty; every test
 * makes its own campaign and the service re-creates its indexes on the next write, so test order does not matter.
 */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
class MongoOutageTest {

    @Inject
    QuizStore store;

    @BeforeAll
    static void startTap() {
        ReplyTap.start();
    }

    @Test
    void mongoDownIsARetryableErrorAndTheRetrySucceeds() {
        String bot = newBot();
        Map<String, Object> body = campaign(bot, 1.0, Map.of("ams", 2));
        body.put("id", "outage-" + bot);
        createOpen(body);
        ChatMessageReceived hello = text(bot, "olga", "hi");

        TestMongo.stop();
        try {
            long t0 = System.nanoTime();
            assertThat(deliver(hello)).isEqualTo(500);
            assertThat((System.nanoTime() - t0) / 1_000_000).as("fails within the selection timeout").isLessThan(10_000);
        } finally {
            TestMongo.start();
            store.forgetIndexes();
        }
        assertThat(ReplyTap.replies(conversation(bot, "olga"))).isEmpty();

        // The memory backend came back empty: set the campaign up again, then the broker's retry succeeds.
        createOpen(body);
        assertThat(deliver(hello)).isEqualTo(204);
        assertThat(ReplyTap.awaitReplies(conversation(bot, "olga"), 1).get(0).text()).contains("Question 1/2");
    }
}
