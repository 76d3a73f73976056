package io.crowdsurf.drills;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crowdsurf.drills.harness.Http;
import io.crowdsurf.drills.harness.Stack;
import io.crowdsurf.drills.harness.TrackingRequests;
import io.crowdsurf.drills.harness.TrackingRequests.Request;
import io.crowdsurf.testsupport.KafkaProbe;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka stops while trackers send hits to metrics-service (single matomo.php requests, bulk requests,
 * /api/v1/track, the pixel, a CSV import). Every one of them must be answered 503 while Kafka is down — never a
 * 200 for a hit that is not in Kafka — and after Kafka is back each retried request lands; every hit acknowledged
 * before, during (none) and after the outage is in crowdsurf.hits, with the hit id the request determines.
 */
class MetricsIngestKafkaOutageDrillTest {

    private static final String SITE = "outage-site";
    private static final int BEFORE = 10;
    private static final int DURING = 12;
    private static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.builder("metrics-kafka-outage").withoutGateway().withoutQuiz().withoutDispatcher().withMetrics()
                .metricsEnv("CROWDSURF_EVENTS_PUBLISH_TIMEOUT_MS", "1500").start();
        Http.Reply created = Http.postJson(stack.metrics().baseUrl() + "/api/v1/sites", auth(),
                "{\"id\": \"" + SITE + "\", \"name\": \"Outage\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static Map<String, String> auth() {
        return TrackingRequests.auth();
    }

    private static List<Request> requests(String prefix, int n) {
        return TrackingRequests.of(SITE, prefix, n, "outage.example", "2025-01");
    }

    @Test
    void ingestIs503WhileKafkaIsDownAndEveryAckedHitIsInKafka() throws Exception {
        String base = stack.metrics().baseUrl();
        List<Request> before = requests("before", BEFORE);
        List<Request> during = requests("during", DURING);
        int expected = 0;
        for (Request r : before) {
            Http.Reply reply = r.send(base);
            assertThat(reply.is2xx()).as(r.name() + " while Kafka is up: " + reply).isTrue();
            expected += r.hits();
        }

        stack.kafka().stop();
        Map<Integer, Integer> statusesWhileDown = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Http.Reply>> replies = new ArrayList<>();
            for (Request r : during) {
                replies.add(pool.submit(() -> r.send(base)));
            }
            for (Future<Http.Reply> f : replies) {
                statusesWhileDown.merge(f.get().status(), 1, Integer::sum);
            }
        }
        assertThat(stack.kafka().isRunning()).isFalse();
        assertThat(statusesWhileDown).as("statuses while Kafka was down (status -> count)").containsOnlyKeys(503);

        stack.kafka().start();
        // Trackers retry until they get a 2xx; only 503 may come back meanwhile.
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        for (Request r : during) {
            Http.Reply reply;
            do {
                reply = r.send(base);
                assertThat(reply.status()).as(r.name() + " after the restart: " + reply).isIn(200, 204, 503);
            } while (reply.status() == 503 && System.nanoTime() < deadline);
            assertThat(reply.is2xx()).as(r.name() + " acknowledged after Kafka is back").isTrue();
            expected += r.hits();
        }

        List<ConsumerRecord<String, byte[]>> records = KafkaProbe.readAll(stack.kafka().bootstrapServers(), "crowdsurf.hits");
        long distinctIds = records.stream().map(rec -> KafkaProbe.header(rec, "ce_id")).distinct().count();
        assertThat(distinctIds).as("distinct hits in Kafka = hits acknowledged (before and after the outage)")
                .isEqualTo(expected);
        assertThat(stack.metrics().awaitReadyStatus(200, Duration.ofSeconds(30))).as("ready again").isTrue();
    }
}
