package io.crowdsurf.drills;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crowdsurf.drills.harness.Http;
import io.crowdsurf.drills.harness.Poll;
import io.crowdsurf.drills.harness.Stack;
import io.crowdsurf.drills.harness.TrackingRequests;
import io.crowdsurf.drills.harness.TrackingRequests.Request;
import io.crowdsurf.testsupport.KafkaProbe;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MongoDB goes away (TCP proxy cut: connections closed, new ones refused, data kept) while trackers keep sending to
 * the packaged metrics-service's ingest: single matomo.php hits, bulk requests, /api/v1/track, the pixel and a CSV
 * import, for two registered sites. The ingest needs MongoDB only to look a site up, and keeps what it looked up
 * for {@code METRICS_SITE_CACHE_TTL}. Expected: the site tracked just before the cut is still in the cache, so its
 * hits are acknowledged (they only need Kafka); the site never looked up is answered 503 on every door — never a
 * 2xx for a hit that was not written, never a 500; readiness is DOWN; after MongoDB is back the refused requests,
 * retried, are acknowledged; the distinct hit ids in crowdsurf.hits equal the hits acknowledged.
 */
class MetricsIngestMongoOutageDrillTest {

    private static final String WARM = "mongo-ingest-warm";
    private static final String COLD = "mongo-ingest-cold";
    private static final int REQUESTS = 10;
    private static Stack stack;

    @BeforeAll
    static void start() {
        // Long enough that the warm site's entry is fresh for the whole drill on a slow machine.
        stack = Stack.builder("metrics-ingest-mongo").withoutGateway().withoutQuiz().withoutDispatcher().withMetrics()
                .metricsEnv("METRICS_SITE_CACHE_TTL", "PT10M").metricsEnv("METRICS_REPORTS_AGGREGATOR_ENABLED", "false")
                .start();
        for (String site : List.of(WARM, COLD)) {
            Http.Reply created = Http.postJson(stack.metrics().baseUrl() + "/api/v1/sites", auth(),
                    "{\"id\": \"" + site + "\", \"name\": \"Drill\", \"urls\": [\"https://drill.example\"]}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }
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

    private static List<Request> requests(String site, String prefix) {
        return TrackingRequests.of(site, prefix, REQUESTS, "drill.example", "2025-02");
    }

    @Test
    void cachedSitesKeepBeingTrackedOthersGet503AndNothingAcknowledgedIsLost() {
        String base = stack.metrics().baseUrl();
        int acked = 0;
        // The warm site is looked up (and cached) before the cut; the cold one never is.
        for (Request r : requests(WARM, "before")) {
            Http.Reply reply = r.send(base);
            assertThat(reply.is2xx()).as(r.name() + " while MongoDB is up: " + reply).isTrue();
            acked += r.hits();
        }

        stack.mongoProxy().cut();
        Map<Integer, Integer> warmStatuses = new TreeMap<>();
        for (Request r : requests(WARM, "during")) {
            Http.Reply reply = r.send(base);
            warmStatuses.merge(reply.status(), 1, Integer::sum);
            if (reply.is2xx()) {
                acked += r.hits();
            }
        }
        Map<Integer, Integer> coldStatuses = new TreeMap<>();
        List<Request> cold = requests(COLD, "cold");
        for (Request r : cold) {
            coldStatuses.merge(r.send(base).status(), 1, Integer::sum);
        }
        Poll.until(Duration.ofSeconds(30), "readiness DOWN", () -> stack.metrics().readyStatus() == 503);
        System.out.printf("ingest mongo drill: while MongoDB was away, cached site %s, uncached site %s%n",
                warmStatuses, coldStatuses);
        assertThat(warmStatuses.keySet()).as("the cached site while MongoDB is away (status -> count: " + warmStatuses + ")")
                .isNotEmpty().isSubsetOf(200, 204);
        assertThat(coldStatuses).as("a site not in the cache while MongoDB is away (status -> count)").containsOnlyKeys(503);

        stack.mongoProxy().restore();
        assertThat(stack.metrics().awaitReadyStatus(200, Duration.ofSeconds(60))).as("ready again").isTrue();
        // Trackers retry until they get a 2xx; only 503 may come back meanwhile.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (Request r : cold) {
            Http.Reply reply;
            do {
                reply = r.send(base);
                assertThat(reply.status()).as(r.name() + " after MongoDB is back: " + reply).isIn(200, 204, 503);
            } while (reply.status() == 503 && System.nanoTime() < deadline);
            assertThat(reply.is2xx()).as(r.name() + " acknowledged after MongoDB is back").isTrue();
            acked += r.hits();
        }

        List<ConsumerRecord<String, byte[]>> records = KafkaProbe.readAll(stack.kafka().bootstrapServers(), "crowdsurf.hits");
        long distinctIds = records.stream().map(rec -> KafkaProbe.header(rec, "ce_id")).distinct().count();
        assertThat(distinctIds).as("distinct hits in Kafka = hits acknowledged (before, during and after the outage)")
                .isEqualTo(acked);
    }
}
