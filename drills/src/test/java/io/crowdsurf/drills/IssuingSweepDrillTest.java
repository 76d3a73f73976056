package io.crowdsurf.drills;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.crowdsurf.devstack.dispatch.BackoffPolicy;
import io.crowdsurf.devstack.dispatch.DeliverySpec;
import io.crowdsurf.drills.harness.EventLog;
import io.crowdsurf.drills.harness.Poll;
import io.crowdsurf.drills.harness.QuizScenario;
import io.crowdsurf.drills.harness.Stack;
import io.crowdsurf.events.KafkaCodec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drill: fans left in ISSUING whose event is never redelivered. Every winner's pool choice is applied — the fan is
 * written in ISSUING — and then its ticket claim fails (the pools' documents are broken for a while, so the claim's
 * decrement is refused by MongoDB with a write error) for longer than the Trigger's retries: the broker gives up and
 * dead-letters the event. Nothing will deliver it again. Once the fault is gone, the schedule's
 * {@code com.crowdsurf.quiz.sweep.requested} (produced to Kafka as the CronJob's post to the broker lands there, and
 * routed by the real Trigger manifest) must finish every stranded claim: each winner gets its ticket message once,
 * one ticket and one {@code quiz.ticket.awarded} per winner, stats agree, no pool below zero, nothing left pending.
 */
class IssuingSweepDrillTest {

    private static final int FANS = 10;
    private static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.builder("issuing-sweep")
                // A short retry budget: the claims' failures outlast it and the broker gives up on them.
                .delivery(d -> new DeliverySpec(1, BackoffPolicy.LINEAR, Duration.ofMillis(200), d.timeout(),
                        d.deadLetter()))
                // A stranded claim is swept after 1 s instead of 2 minutes.
                .quizEnv("QUIZ_SWEEP_AFTER", "PT1S")
                .start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theSweepFinishesEveryClaimTheBrokerGaveUpOn() throws Exception {
        QuizScenario quiz = new QuizScenario(stack, "sweep", FANS, FANS).create();
        long winners = quiz.winners();
        try (MongoClient mongo = MongoClients.create(stack.mongoDirectUrl())) {
            MongoDatabase db = mongo.getDatabase("crowdsurf");
            // The fault: `pending` is no array, so the claim's decrement ($push to it) fails with a write error.
            db.getCollection("quiz_pools").updateMany(Filters.eq("campaignId", quiz.campaignId()),
                    Updates.set("pending", "broken"));
            CompletableFuture<Void> sweep = CompletableFuture.runAsync(() -> {
                Poll.until(Duration.ofSeconds(120), "every winner's pool choice dead-lettered",
                        () -> poolChoicesDeadLettered(quiz) == winners);
                assertThat(db.getCollection("quiz_issuing").countDocuments(Filters.eq("campaignId", quiz.campaignId())))
                        .as("winners listed as claiming").isEqualTo(winners);
                assertThat(db.getCollection("quiz_fans").countDocuments(Filters.and(
                        Filters.eq("campaignId", quiz.campaignId()), Filters.eq("state", "ISSUING"))))
                        .as("winners stranded in ISSUING").isEqualTo(winners);
                assertThat(stack.sendApi().sent().stream().filter(m -> m.text() != null && m.text().startsWith("TICKET ")))
                        .as("tickets before the sweep").isEmpty();
                // The fault is over (as after an outage that outlasted the retries); the schedule's next slot comes.
                db.getCollection("quiz_pools").updateMany(Filters.eq("campaignId", quiz.campaignId()),
                        Updates.set("pending", List.of()));
                Poll.sleep(1_100);
                emitSweep("quiz-issuing-sweep-drill-1");
            });
            quiz.play(QuizScenario.UNTIL_ACKED, Duration.ofSeconds(240), f -> { });
            sweep.join();
            quiz.assertExactlyOnce();

            // Idempotent: another slot changes nothing.
            emitSweep("quiz-issuing-sweep-drill-2");
            Poll.until(Duration.ofSeconds(30), "the second sweep was delivered",
                    () -> stack.quizTap().attempts("quiz-issuing-sweep-drill-2").stream().anyMatch(a -> a.ok()));
            quiz.assertExactlyOnce();
            assertThat(db.getCollection("quiz_issuing").countDocuments(Filters.eq("campaignId", quiz.campaignId())))
                    .as("claim markers left").isZero();
            for (Document pool : db.getCollection("quiz_pools").find(Filters.eq("campaignId", quiz.campaignId()))) {
                assertThat(pool.getList("pending", Object.class)).as("pending units of " + pool.get("_id")).isEmpty();
            }
            assertThat(db.getCollection("quiz_pool_holds").countDocuments(Filters.eq("campaignId", quiz.campaignId())))
                    .as("holds = winners").isEqualTo(winners);
        }
        List<EventLog.Event> dlq = EventLog.read(stack.kafka().bootstrapServers(), "crowdsurf.events.dlq");
        assertThat(dlq).as("only the winners' pool choices were given up on").hasSize((int) winners)
                .allMatch(e -> e.type().equals(EventLog.MESSAGE_RECEIVED) && e.id().endsWith(".2"));
    }

    /** Winners' pool-choice messages (message ids {@code mid.<campaign>.<fan>.2}) the broker gave up on. */
    private static long poolChoicesDeadLettered(QuizScenario quiz) {
        return EventLog.read(stack.kafka().bootstrapServers(), "crowdsurf.events.dlq").stream()
                .filter(e -> e.id().contains("mid." + quiz.campaignId() + ".") && e.id().endsWith(".2")).count();
    }

    /** What the CronJob quiz-issuing-sweep posts to the broker, as it lands on the broker's topic. */
    private static void emitSweep(String id) {
        CloudEvent e = CloudEventBuilder.v1().withId(id).withType("com.crowdsurf.quiz.sweep.requested")
                .withSource(URI.create("/crowdsurf/schedule")).withTime(OffsetDateTime.now())
                .withDataContentType("application/json").withExtension("partitionkey", "quiz-issuing-sweep")
                .withData("{\"reason\":\"schedule\"}".getBytes(StandardCharsets.UTF_8)).build();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(KafkaCodec.toRecord("crowdsurf.events", e)).get();
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }
}
