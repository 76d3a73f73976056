package io.crowdsurf.drills;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crowdsurf.drills.harness.Drills;
import io.crowdsurf.drills.harness.Http;
import io.crowdsurf.drills.harness.Poll;
import io.crowdsurf.drills.harness.Stack;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MongoDB goes away (TCP proxy cut: connections closed, new ones refused, data kept) while trackers keep sending
 * hits to the packaged metrics-service. Expected: readiness DOWN while it is away; every hit that was acknowledged
 * (they wait in Kafka) is in VisitsSummary.get after MongoDB is back, exactly once: each hit is a one-page visit
 * of its own visitor, so visits, actions and bounces all equal the number of acknowledged hits (read over
 * yesterday and today, so a run across midnight still sees them all).
 */
class MetricsAggregatorMongoOutageDrillTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = "mongo-drill";
    /** A browser's user agent: the drill's own HTTP client is a library, which counts as a bot (not reported). */
    private static final String BROWSER = java.net.URLEncoder.encode(
            "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0", java.nio.charset.StandardCharsets.UTF_8);
    private static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.builder("metrics-aggregator-mongo").withoutGateway().withoutQuiz().withoutDispatcher()
                .withMetrics().metricsEnv("METRICS_REPORTS_RETRY_BACKOFF", "PT0.2S").start();
        Http.Reply created = Http.postJson(stack.metrics().baseUrl() + "/api/v1/sites",
                Map.of("Authorization", "Bearer " + Drills.ADMIN_TOKEN), """
                        {"id": "%s", "name": "Drill", "urls": ["https://drill.example"], "timeZone": "UTC"}""".formatted(SITE));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void acknowledgedHitsAreCountedExactlyOnceAfterMongoComesBack() throws Exception {
        int acked = 0;
        int visitor = 0;
        for (; visitor < 30; visitor++) {
            acked += track(visitor) ? 1 : 0;
        }
        int before = acked;
        Poll.until(Duration.ofSeconds(30), "the first hits in the reports", () -> visits() == before);

        stack.mongoProxy().cut();
        long cutAt = System.nanoTime();
        int duringAcked = 0;
        // Hits keep coming while MongoDB is away; those the ingest acknowledges are in Kafka and must be counted.
        while (System.nanoTime() - cutAt < Duration.ofSeconds(8).toNanos()) {
            if (track(visitor++)) {
                duringAcked++;
            }
            Thread.sleep(50);
        }
        acked += duringAcked;
        Poll.until(Duration.ofSeconds(30), "readiness DOWN", () -> stack.metrics().readyStatus() == 503);
        stack.mongoProxy().restore();

        assertThat(stack.metrics().awaitReadyStatus(200, Duration.ofSeconds(60))).as("ready again").isTrue();
        int expected = acked;
        Poll.until(Duration.ofSeconds(60), expected + " visits after recovery", () -> visits() == expected);
        JsonNode s = summary();
        assertThat(s.path("nb_visits").asInt()).isEqualTo(expected);
        assertThat(s.path("nb_actions").asInt()).isEqualTo(expected);
        assertThat(s.path("bounce_count").asInt()).isEqualTo(expected);
        System.out.printf("aggregator mongo drill: %d hits acknowledged (%d during the outage), %d visits counted%n",
                expected, duringAcked, s.path("nb_visits").asInt());
    }

    /** One page view of its own visitor; @return whether metrics-service acknowledged it (2xx). */
    private static boolean track(int n) {
        String visitor = String.format("%016x", 0xd1000000L + n);
        Http.Reply r = Http.send("GET", stack.metrics().baseUrl() + "/matomo.php?idsite=" + SITE + "&rec=1&send_image=0&_id="
                + visitor + "&r=" + n + "&url=https%3A%2F%2Fdrill.example%2Fp" + n + "&ua=" + BROWSER, Map.of(), null,
                Duration.ofSeconds(20));
        return r.is2xx();
    }

    private static int visits() {
        try {
            return summary().path("nb_visits").asInt(0);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static JsonNode summary() {
        Http.Reply r = Http.get(stack.metrics().baseUrl() + "/index.php?module=API&method=VisitsSummary.get&idSite="
                + SITE + "&period=range&date=last2&format=JSON&token_auth=" + Drills.ADMIN_TOKEN, Map.of());
        if (r.status() != 200) {
            throw new IllegalStateException(r.status() + " " + r.body());
        }
        try {
            return JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
