package io.crowdsurf.drills;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.crowdsurf.devstack.dispatch.Trigger;
import io.crowdsurf.devstack.dispatch.TriggerLoader;
import io.crowdsurf.drills.harness.Drills;
import io.crowdsurf.drills.harness.EventLog;
import io.crowdsurf.drills.harness.HttpTap;
import io.crowdsurf.drills.harness.Poll;
import io.crowdsurf.drills.harness.QuizScenario;
import io.crowdsurf.drills.harness.SendApi;
import io.crowdsurf.drills.harness.Stack;
import io.crowdsurf.events.KafkaCodec;
import io.crowdsurf.testsupport.KafkaProbe;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drill 3: poison events. Two valid CloudEvents of type chat.message.received whose data quiz-service
 * cannot process — one whose data does not deserialize (an unknown platform), one that breaks the
 * contract (no conversation id) — are written to Kafka ahead of a fan's real messages in the same
 * partition. Each poison event must be delivered exactly 1 + retry times (the Trigger manifest's
 * {@code retry}) and then land in crowdsurf.events.dlq with its id; the fan's messages behind it must still
 * be delivered and answered.
 */
class PoisonEventDrillTest {

    private static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.builder("poison-event").start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void poisonIsDeadLetteredAfterTheRetriesAndDoesNotBlockItsPartition() {
        QuizScenario quiz = new QuizScenario(stack, "poison", 1, 5).create();
        String page = "page-poison";
        String psid = quiz.psid(0);
        String conversation = "messenger:" + page + ":" + psid;
        int retry = quizTrigger().delivery().retry();

        String undeserializable = """
                {"platform":"carrier-pigeon","botId":"%s","userId":"%s","conversationId":"%s","messageId":"poison-1",\
                "text":"coo"}""".formatted(page, psid, conversation);
        String contractBreaking = """
                {"platform":"messenger","botId":"%s","userId":"%s","messageId":"poison-2","text":"no conversation"}"""
                .formatted(page, psid);
        String first = """
                {"platform":"messenger","botId":"%s","userId":"%s","conversationId":"%s","messageId":"poison-ok-1",\
                "text":"hi","platformTimestamp":"%s"}""".formatted(page, psid, conversation, java.time.Instant.now());
        String answer = """
                {"platform":"messenger","botId":"%s","userId":"%s","conversationId":"%s","messageId":"poison-ok-2",\
                "text":"Amsterdam","choice":"quiz:poison:q0:0","platformTimestamp":"%s"}"""
                .formatted(page, psid, conversation, java.time.Instant.now());

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            // Same partition key for all four: the poison sits in front of the fan's real messages.
            for (CloudEvent e : List.of(event("poison-1", conversation, undeserializable),
                    event("poison-2", conversation, contractBreaking), event("ok-1", conversation, first),
                    event("ok-2", conversation, answer))) {
                producer.send(KafkaCodec.toRecord("crowdsurf.events", e)).get();
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        // The messages behind the poison are answered, one reply per turn: welcome and question, then right, won and
        // the pool prompt.
        Poll.until(Duration.ofSeconds(90), "the fan behind the poison got the pool prompt",
                () -> stack.sendApi().to(psid).stream().anyMatch(m -> QuizScenario.WINNING_TURN.equals(m.text())));
        List<String> texts = stack.sendApi().to(psid).stream().map(SendApi.Sent::text).toList();
        assertThat(texts).containsExactlyInAnyOrder(QuizScenario.FIRST_TURN, QuizScenario.WINNING_TURN);

        List<EventLog.Event> dlq = Poll.until(Duration.ofSeconds(30), "both poison events are dead-lettered",
                () -> EventLog.read(stack.kafka().bootstrapServers(), "crowdsurf.events.dlq"), l -> l.size() >= 2);
        assertThat(dlq).extracting(EventLog.Event::id).containsExactlyInAnyOrder("poison-1", "poison-2");
        for (EventLog.Event e : dlq) {
            assertThat(e.header("crowdsurf_attempts")).as("attempts of " + e.id()).isEqualTo(Integer.toString(retry + 1));
            assertThat(e.header("ce_knativeerrorcode")).as("status of " + e.id()).startsWith("5");
            assertThat(e.key()).as("key kept").isEqualTo(conversation);
        }
        HttpTap tap = stack.quizTap();
        assertThat(tap.attempts("poison-1")).as("deliveries of poison-1").hasSize(retry + 1)
                .noneMatch(HttpTap.Attempt::ok);
        assertThat(tap.attempts("poison-2")).as("deliveries of poison-2").hasSize(retry + 1)
                .noneMatch(HttpTap.Attempt::ok);
        assertThat(tap.attempts("ok-1")).as("deliveries of ok-1").hasSize(1).allMatch(HttpTap.Attempt::ok);
        assertThat(tap.attempts("ok-2")).as("deliveries of ok-2").hasSize(1).allMatch(HttpTap.Attempt::ok);
        assertThat(stack.quiz().readyStatus()).as("quiz-service ready").isEqualTo(200);
        assertThat(KafkaProbe.endOffsetSum(stack.kafka().bootstrapServers(), "crowdsurf.events.dlq"))
                .as("nothing else dead-lettered").isEqualTo(2);
    }

    private static Trigger quizTrigger() {
        return TriggerLoader.load(List.of(Drills.triggers())).stream()
                .filter(t -> t.name().equals("quiz-service--chat-message-received")).findFirst().orElseThrow();
    }

    private static CloudEvent event(String id, String key, String data) {
        return CloudEventBuilder.v1().withId(id).withType(EventLog.MESSAGE_RECEIVED)
                .withSource(URI.create("/crowdsurf/bot-gateway/messenger")).withSubject(key)
                .withTime(OffsetDateTime.now()).withDataContentType("application/json")
                .withExtension("partitionkey", key).withData(data.getBytes(StandardCharsets.UTF_8)).build();
    }
}
