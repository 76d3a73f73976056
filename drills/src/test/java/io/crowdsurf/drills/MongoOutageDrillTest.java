package io.crowdsurf.drills;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.bson.Document;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

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
        // A reply sent just before the cut is reported and its delivery succeeds although its outcome is recorded
        // only later (the test below makes that window certain), so no reply is dead-lettered either.
        assertThat(dlq.stream().map(EventLog.Event::id).toList()).as("dead letters").isEmpty();
        System.out.println("mongo-outage: " + failedDeliveries[0] + " failed deliveries retried; "
                + EventLog.read(stack.kafka().bootstrapServers(), "crowdsurf.events").size() + " events");
    }

    /**
     * The window the test above can only hit by chance, made certain: MongoDB goes away after bot-gateway
     * has claimed a reply and while the Send API call is in flight, so the send succeeds but its outcome
     * cannot be recorded. The delivery must still succeed once {@code chat.reply.delivered} is in Kafka (which does
     * not need MongoDB) — failing it made the broker redeliver it for the whole outage, held the conversation's
     * next reply behind it (one key's events are delivered in order) and dead-lettered a reply the fan had
     * got. Once MongoDB is back the ledger records it; nothing is sent twice, every requested reply is delivered
     * and reported, nothing is dead-lettered.
     */
    @Test
    @Order(2)
    void replyWhoseOutcomeCouldNotBeRecordedIsFinishedOnceAndHoldsNothingUp() {
        QuizScenario quiz = new QuizScenario(stack, "mongo-window", 1, 5).create();
        String psid = quiz.psid(0);
        String first = "messenger:mid.window.0:0";
        String bootstrap = stack.kafka().bootstrapServers();
        stack.sendApi().hold(2_000);
        try {
            assertThat(quiz.messenger().post(quiz.messenger().message(psid, "mid.window.0", "hi", null)).status())
                    .isEqualTo(200);
            Poll.until(Duration.ofSeconds(30), "a Send API call is in flight", () -> stack.sendApi().pending() >= 1);
            stack.mongoProxy().cut();
        } finally {
            stack.sendApi().hold(0);
        }
        String conversation;
        try {
            // The held call completes (the fan gets the message); recording it fails, the delivery succeeds anyway.
            Poll.until(Duration.ofSeconds(30), "the fan got the first reply", () -> !stack.sendApi().to(psid).isEmpty());
            Poll.until(Duration.ofSeconds(30), "the delivery of " + first + " succeeded while MongoDB is away",
                    () -> stack.gatewayTap().attempts(first).stream().anyMatch(HttpTap.Attempt::ok));
            Poll.until(Duration.ofSeconds(30), first + " reported while MongoDB is away",
                    () -> ids(bootstrap, DELIVERED).contains(first + ":delivered"));
            conversation = EventLog.ofType(EventLog.read(bootstrap, "crowdsurf.events"), EventLog.REPLY_REQUESTED)
                    .stream().filter(e -> e.id().equals(first)).findFirst().orElseThrow().key();
        } finally {
            stack.mongoProxy().restore();
        }
        Poll.until(Duration.ofSeconds(30), "quiz-service ready again", () -> stack.quiz().readyStatus() == 200);

        // Every reply quiz-service asked for in this conversation is delivered and reported, each exactly once.
        Poll.until(Duration.ofSeconds(90), "every requested reply of the fan reported delivered", () -> {
            Set<String> delivered = ids(bootstrap, DELIVERED);
            return requested(bootstrap, conversation).stream().allMatch(id -> delivered.contains(id + ":delivered"));
        });
        List<String> requested = requested(bootstrap, conversation);
        List<String> texts = stack.sendApi().to(psid).stream().map(m -> m.text()).toList();
        assertThat(texts).as("one message per requested reply, none twice").hasSize(requested.size())
                .doesNotHaveDuplicates();
        assertThat(texts).as("the first turn (welcome and question, one message) first").first()
                .isEqualTo(QuizScenario.FIRST_TURN);
        // The ledger caught up once MongoDB was back: the first reply is recorded as sent and reported.
        Poll.until(Duration.ofSeconds(30), first + " recorded in the ledger", () -> {
            Document d = ledgerEntry(first);
            return d != null && "SENT".equals(d.getString("state")) && d.getBoolean("reported", false);
        });
        List<EventLog.Event> dlq = EventLog.read(bootstrap, "crowdsurf.events.dlq");
        assertThat(dlq.stream().filter(e -> e.id().contains("mid.window")).map(e -> e.id() + " after "
                + e.header("crowdsurf_attempts") + " attempts: " + e.header("crowdsurf_reason")).toList())
                .as("replies dead-lettered although MongoDB came back within the retry budget").isEmpty();
    }

    private static final String DELIVERED = "com.crowdsurf.chat.reply.delivered";

    private static Set<String> ids(String bootstrap, String type) {
        return EventLog.ofType(EventLog.read(bootstrap, "crowdsurf.events"), type).stream().map(EventLog.Event::id)
                .collect(Collectors.toSet());
    }

    private static List<String> requested(String bootstrap, String conversation) {
        return EventLog.ofType(EventLog.read(bootstrap, "crowdsurf.events"), EventLog.REPLY_REQUESTED).stream()
                .filter(e -> conversation.equals(e.key())).map(EventLog.Event::id).distinct().toList();
    }

    /** A reply's document in whichever ledger bucket holds it, read past the proxy. */
    private static Document ledgerEntry(String replyId) {
        try (MongoClient client = MongoClients.create(stack.mongoDirectUrl())) {
            MongoDatabase db = client.getDatabase("crowdsurf");
            for (String name : db.listCollectionNames()) {
                if (name.startsWith("gateway_replies_")) {
                    Document d = db.getCollection(name).find(new Document("_id", replyId)).first();
                    if (d != null) {
                        return d;
                    }
                }
            }
            return null;
        }
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
