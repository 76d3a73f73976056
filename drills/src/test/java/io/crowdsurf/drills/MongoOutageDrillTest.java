package io.crowdsurf.drills;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.crowdsurf.drills.harness.EventLog;
import io.crowdsurf.drills.harness.HttpTap;
import io.crowdsurf.drills.harness.Poll;
import io.crowdsurf.drills.harness.QuizScenario;
import io.crowdsurf.drills.harness.Stack;
import io.crowdsurf.testsupport.KafkaProbe;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drill 2: MongoDB goes away under quiz traffic. Between the services and the MongoDB-wire server sits a
 * TCP proxy; mid-way through the fans' conversations it is cut (every connection closed, new ones refused)
 * while the server keeps its data, as a partitioned or restarting replica set would. quiz-service's
 * readiness must go DOWN, the dispatcher's deliveries must fail and be retried, and once MongoDB is back
 * every conversation completes exactly once, no ticket is issued twice and nothing is dead-lettered.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MongoOutageDrillTest {

    private static final int FANS = 30;
    private static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.builder("mongo-outage").start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void conversationsCompleteOnceAfterMongoComesBack() {
        QuizScenario quiz = new QuizScenario(stack, "mongo-outage", FANS, FANS).create();
        HttpTap tap = stack.quizTap();
        boolean[] readinessWentDown = {false};
        // The last third of the fans start only once MongoDB is cut: however fast the first fans finish,
        // their first messages are certain to meet the outage.
        AtomicBoolean cut = new AtomicBoolean();
        long[] failedDeliveries = {0};
        CompletableFuture<Void> fault = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                // Cut once a third of the fans are through, with the rest mid-conversation.
                Poll.until(Duration.ofSeconds(90), "a third of the fans finished",
                        () -> finished(quiz) >= FANS / 3);
                long okBefore = tap.attempts().stream().filter(HttpTap.Attempt::ok).count();
                stack.mongoProxy().cut();
                cut.set(true);
                readinessWentDown[0] = stack.quiz().awaitReadyStatus(503, Duration.ofSeconds(20));
                // Wait until deliveries are failing (and so being retried) before giving MongoDB back.
                Poll.until(Duration.ofSeconds(20), "deliveries to quiz-service fail while MongoDB is away",
                        () -> tap.attempts().stream().filter(a -> !a.ok()).count() >= 2);
                failedDeliveries[0] = tap.attempts().stream().filter(a -> !a.ok()).count();
                stack.mongoProxy().restore();
                assertThat(okBefore).isPositive();
                fault.complete(null);
            } catch (Throwable t) {
                stack.mongoProxy().restore();
                fault.completeExceptionally(t);
            }
        });
        quiz.play(QuizScenario.ONCE, Duration.ofSeconds(150), finished -> { },
                fan -> fan < FANS - FANS / 3 || cut.get());
        fault.join();

        assertThat(readinessWentDown[0]).as("quiz-service readiness went DOWN (503) while MongoDB was away").isTrue();
        assertThat(failedDeliveries[0]).as("failed deliveries during the outage").isGreaterThanOrEqualTo(2);
        Poll.until(Duration.ofSeconds(20), "quiz-service ready again", () -> stack.quiz().readyStatus() == 200);

        // Every event that failed was delivered again until it succeeded.
        tap.attempts().stream().filter(a -> !a.ok()).map(HttpTap.Attempt::ceId).distinct().forEach(id ->
                assertThat(tap.attempts(id)).as("deliveries of " + id).anyMatch(HttpTap.Attempt::ok));
        quiz.assertExactlyOnce();
        List<EventLog.Event> dlq = EventLog.read(stack.kafka().bootstrapServers(), "crowdsurf.events.dlq");
        assertThat(EventLog.ofType(dlq, EventLog.MESSAGE_RECEIVED)).as("fan messages dead-lettered (lost)").isEmpty();
        // A chat.reply.requested whose send happened just before the cut can be dead-lettered even though the fan
        // got it (the outcome could not be recorded; see the known-failure test below). The exactly-once check
        // above has proved every fan got every reply; here such dead letters are only reported.
        if (!dlq.isEmpty()) {
            System.out.println("mongo-outage: dead-lettered although delivered: "
                    + dlq.stream().map(EventLog.Event::id).toList());
        }
        System.out.println("mongo-outage: " + failedDeliveries[0] + " failed deliveries retried; "
                + EventLog.read(stack.kafka().bootstrapServers(), "crowdsurf.events").size() + " events");
    }

    /**
     * The window the test above can only hit by chance, made certain: MongoDB goes away after bot-gateway
     * has claimed a reply and while the Send API call is in flight, so the send succeeds but its outcome
     * cannot be recorded. MongoDB is back a few seconds later; the broker's redeliveries must then finish
     * the reply (record it, publish chat.reply.delivered) without sending it twice, and nothing may be
     * dead-lettered.
     */
    @Test
    @Order(2)
    @Tag("known-failure")
    void replyWhoseOutcomeCouldNotBeRecordedIsFinishedByARedelivery() {
        QuizScenario quiz = new QuizScenario(stack, "mongo-window", 1, 5).create();
        String psid = quiz.psid(0);
        long dlqBefore = KafkaProbe.endOffsetSum(stack.kafka().bootstrapServers(), "crowdsurf.events.dlq");
        stack.sendApi().hold(2_000);
        try {
            assertThat(quiz.messenger().post(quiz.messenger().message(psid, "mid.window.0", "hi", null)).status())
                    .isEqualTo(200);
            Poll.until(Duration.ofSeconds(30), "a Send API call is in flight", () -> stack.sendApi().pending() >= 1);
            stack.mongoProxy().cut();
        } finally {
            stack.sendApi().hold(0);
        }
        // The held call completes (the fan gets the message); recording it fails; then MongoDB comes back.
        Poll.until(Duration.ofSeconds(30), "the fan got the welcome", () -> !stack.sendApi().to(psid).isEmpty());
        Poll.until(Duration.ofSeconds(30), "the held Send API calls are done", () -> stack.sendApi().pending() == 0);
        // Both replies (welcome and question) were claimed and sent; their deliveries fail when recording.
        for (String replyId : List.of("messenger:mid.window.0:0", "messenger:mid.window.0:1")) {
            Poll.until(Duration.ofSeconds(30), "the delivery of " + replyId + " failed",
                    () -> stack.gatewayTap().attempts(replyId).stream().anyMatch(a -> !a.ok()));
        }
        stack.mongoProxy().restore();
        Poll.until(Duration.ofSeconds(30), "quiz-service ready again", () -> stack.quiz().readyStatus() == 200);

        Poll.until(Duration.ofSeconds(60), "every reply.requested of the fan finally succeeded or was dead-lettered",
                () -> stack.gatewayTap().attempts().stream().filter(a -> !a.ok()).map(HttpTap.Attempt::ceId)
                        .distinct().allMatch(id -> stack.gatewayTap().attempts(id).stream().anyMatch(HttpTap.Attempt::ok)
                                || KafkaProbe.endOffsetSum(stack.kafka().bootstrapServers(), "crowdsurf.events.dlq")
                                        > dlqBefore));
        List<EventLog.Event> dlq = EventLog.read(stack.kafka().bootstrapServers(), "crowdsurf.events.dlq");
        assertThat(dlq.stream().skip(0).filter(e -> e.id().contains("mid.window")).map(e -> e.id() + " after "
                + e.header("crowdsurf_attempts") + " attempts: " + e.header("crowdsurf_reason")).toList())
                .as("replies dead-lettered although MongoDB came back within the retry budget").isEmpty();
        assertThat(stack.sendApi().to(psid).stream().map(m -> m.text()).toList()).as("replies to the fan")
                .containsExactlyInAnyOrder(QuizScenario.FIRST_TURN);
    }

    private static int finished(QuizScenario quiz) {
        int n = 0;
        for (int i = 0; i < quiz.fans(); i++) {
            String last = stack.sendApi().to(quiz.psid(i)).stream().map(m -> m.text()).filter(t -> t != null
                    && (t.startsWith("TICKET ") || t.endsWith("LOST"))).findFirst().orElse(null);
            if (last != null) {
                n++;
            }
        }
        return n;
    }
}
