package io.crowdsurf.drills;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crowdsurf.drills.harness.EventLog;
import io.crowdsurf.drills.harness.Http;
import io.crowdsurf.drills.harness.Messenger;
import io.crowdsurf.drills.harness.Stack;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drill 1: Kafka stops while webhooks arrive. bot-gateway must answer 503 (never 200) for everything it
 * cannot make durable; once Kafka is back, every webhook the platform retries is acknowledged and is in
 * Kafka exactly once — and so is everything acknowledged before the outage (the broker keeps its data).
 */
class KafkaOutageDrillTest {

    private static final int BEFORE = 20;
    private static final int DURING = 40;
    private static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.builder("kafka-outage").withoutQuiz().withoutDispatcher()
                // A webhook waits at most this long for Kafka's ack before answering 503.
                .gatewayEnv("CROWDSURF_EVENTS_PUBLISH_TIMEOUT_MS", "1500")
                .start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void webhooksAre503WhileKafkaIsDownAndExactlyOnceAfterItIsBack() throws Exception {
        Messenger messenger = stack.messenger("page-kafka-outage");
        List<byte[]> before = IntStream.range(0, BEFORE)
                .mapToObj(i -> messenger.message("fan-b" + i, "mid.before." + i, "hello " + i, null)).toList();
        List<byte[]> during = IntStream.range(0, DURING)
                .mapToObj(i -> messenger.message("fan-d" + i, "mid.during." + i, "hi there " + i, null)).toList();

        for (byte[] body : before) {
            assertThat(messenger.post(body).status()).as("webhook while Kafka is up").isEqualTo(200);
        }

        stack.kafka().stop();
        Map<Integer, Integer> statusesWhileDown = new ConcurrentHashMap<>();
        // Two rounds: the first webhooks and Meta's redeliveries of them, all while Kafka is still down.
        for (int round = 0; round < 2; round++) {
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Http.Reply>> replies = new ArrayList<>();
                for (byte[] body : during) {
                    replies.add(pool.submit(() -> messenger.post(body)));
                }
                for (Future<Http.Reply> r : replies) {
                    statusesWhileDown.merge(r.get().status(), 1, Integer::sum);
                }
            }
        }
        assertThat(stack.kafka().isRunning()).isFalse();
        assertThat(statusesWhileDown).as("statuses answered while Kafka was down (status -> count)")
                .containsOnlyKeys(503).containsEntry(503, 2 * DURING);

        stack.kafka().start();
        // Meta keeps redelivering until it gets a 200; the first few may still find the producer reconnecting.
        for (byte[] body : during) {
            messenger.postUntilAcked(body, Duration.ofSeconds(30));
        }
        // And a late duplicate of everything, now that all is well.
        for (byte[] body : during) {
            assertThat(messenger.post(body).status()).as("redelivery of an acknowledged webhook").isEqualTo(200);
        }
        for (byte[] body : before) {
            assertThat(messenger.post(body).status()).as("redelivery of a pre-outage webhook").isEqualTo(200);
        }

        List<EventLog.Event> received = EventLog.ofType(
                EventLog.read(stack.kafka().bootstrapServers(), "crowdsurf.events"), EventLog.MESSAGE_RECEIVED);
        Map<String, Long> perMessage = EventLog.countBy(received, e -> e.data().path("messageId").asText());
        for (int i = 0; i < BEFORE; i++) {
            assertThat(perMessage.get("mid.before." + i)).as("records of mid.before.%d", i).isEqualTo(1L);
        }
        for (int i = 0; i < DURING; i++) {
            assertThat(perMessage.get("mid.during." + i)).as("records of mid.during.%d", i).isEqualTo(1L);
        }
        assertThat(received).as("nothing else was written").hasSize(BEFORE + DURING);
        assertThat(stack.gateway().readyStatus()).as("gateway ready after the outage").isEqualTo(200);
    }
}
