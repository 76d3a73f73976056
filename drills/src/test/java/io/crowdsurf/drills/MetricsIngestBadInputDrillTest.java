package io.crowdsurf.drills;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crowdsurf.drills.harness.BadInputSweep;
import io.crowdsurf.drills.harness.BadInputSweep.Outcome;
import io.crowdsurf.drills.harness.Drills;
import io.crowdsurf.drills.harness.Endpoint;
import io.crowdsurf.drills.harness.Endpoint.Scheme;
import io.crowdsurf.drills.harness.Http;
import io.crowdsurf.drills.harness.Stack;
import io.crowdsurf.testsupport.BadInputs;
import io.crowdsurf.testsupport.BadInputs.Kind;
import io.crowdsurf.testsupport.KafkaProbe;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input sweep for metrics-service's ingest endpoints: matomo.php and piwik.php (single and bulk), the pixel,
 * {@code /api/v1/track}, the sites admin API and the CSV import, each hit with malformed, truncated, wrongly shaped,
 * invalid UTF-8, over-1-MiB, random, empty, deeply nested, wrongly typed and unauthenticated requests.
 *
 * <p>Expected: no 5xx, no hang, no dropped connection; metrics-service alive and ready afterwards; <b>no record
 * on crowdsurf.hits</b> and no site created or changed. Every answer is a 4xx, with two documented exceptions that
 * are Matomo's own behaviour: matomo.php/piwik.php answer a body that carries no tracking request (no {@code rec=1}:
 * random text is read as form parameters) with the tracking GIF and track nothing; and the CSV import answers a
 * file whose rows are all bad with 200 listing them as rejected. Both are allowed only when they wrote nothing,
 * which the Kafka and MongoDB checks below prove.
 */
class MetricsIngestBadInputDrillTest {

    private static final long SEED = Long.getLong("drills.sweep.seed", 20261201L);
    private static final int REQUESTS = Integer.getInteger("drills.metrics-sweep.requests", 1200);
    private static final int TIMEOUT_MS = 10_000;
    private static final String SITE = "sweep-site";
    private static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.builder("metrics-bad-input").withoutGateway().withoutQuiz().withoutDispatcher().withMetrics()
                .start();
        Http.Reply created = Http.postJson(stack.metrics().baseUrl() + "/api/v1/sites",
                Map.of("Authorization", "Bearer " + Drills.ADMIN_TOKEN), """
                        {"id": "%s", "name": "Sweep", "urls": ["https://sweep.example"], "timeZone": "UTC"}""".formatted(SITE));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void hostileInputGetsOnly4xxAndWritesNothing() throws Exception {
        String kafka = stack.kafka().bootstrapServers();
        long hitsBefore = KafkaProbe.endOffsetSum(kafka, "crowdsurf.hits");
        String sitesBefore = sites();
        List<Endpoint> endpoints = endpoints();
        List<Outcome> outcomes = BadInputSweep.run(endpoints, REQUESTS, new BadInputs(SEED), 8,
                MetricsIngestBadInputDrillTest::hostile, MetricsIngestBadInputDrillTest::send);
        assertThat(outcomes).hasSize(REQUESTS);
        BadInputSweep.printCounts("metrics bad-input sweep", SEED, outcomes, BadInputSweep::methodPathStatus);

        assertThat(outcomes.stream().filter(o -> !acceptable(o)).toList())
                .as("requests answered with something other than 4xx (of %d; seed %d)", REQUESTS, SEED).isEmpty();
        assertThat(stack.metrics().isAlive()).isTrue();
        assertThat(stack.metrics().awaitReadyStatus(200, Duration.ofSeconds(20))).as("ready after the sweep").isTrue();
        assertThat(KafkaProbe.endOffsetSum(kafka, "crowdsurf.hits")).as("records on crowdsurf.hits").isEqualTo(hitsBefore);
        assertThat(sites()).as("sites after the sweep").isEqualTo(sitesBefore);
    }

    /** Each endpoint's invalid UTF-8, empty body and JSON null with valid credentials: 4xx (or Matomo's no-op). */
    @Test
    void authenticatedInvalidUtf8EmptyAndNullBodies() {
        String kafka = stack.kafka().bootstrapServers();
        long hitsBefore = KafkaProbe.endOffsetSum(kafka, "crowdsurf.hits");
        List<Outcome> wrong = BadInputSweep.authenticatedInvalidUtf8EmptyAndNull(endpoints(), new BadInputs(SEED + 2),
                MetricsIngestBadInputDrillTest::send, MetricsIngestBadInputDrillTest::acceptable);
        assertThat(wrong).isEmpty();
        assertThat(KafkaProbe.endOffsetSum(kafka, "crowdsurf.hits")).isEqualTo(hitsBefore);
    }

    private static boolean acceptable(Outcome o) {
        if (o.status() >= 400 && o.status() < 500) {
            return true;
        }
        String path = o.endpoint().path();
        if (path.startsWith("/matomo.php") || path.startsWith("/piwik.php")) {
            // Matomo's answer to a request with nothing to track: the GIF, 204, or the bulk status with 0 tracked.
            return (o.status() == 200 || o.status() == 204) && !o.body().contains("\"tracked\":1");
        }
        if (path.endsWith("/import")) {
            return o.status() == 200 && o.body().contains("\"accepted\":0");
        }
        return false;
    }

    private static BadInputs.Input hostile(BadInputs inputs, Endpoint endpoint) {
        BadInputs.Input input = inputs.next(endpoint.validBody(), endpoint.contentType());
        if (endpoint.scheme() == Scheme.NONE && !BadInputSweep.BROKEN_BODY.contains(input.kind())
                && input.kind() != Kind.WRONG_CONTENT_TYPE && input.kind() != Kind.HUGE_HEADER) {
            input = BadInputSweep.brokenBody(inputs, endpoint, input);
        }
        if (endpoint.scheme() == Scheme.NONE && input.kind() == Kind.WRONG_CONTENT_TYPE) {
            // Unauthenticated endpoints: a valid body under a wrong content type would be a real hit (Matomo reads
            // any body); keep the content type wrong and the body broken.
            input = BadInputSweep.withBody(input, "{\"requests\":".getBytes(StandardCharsets.UTF_8));
        }
        if (endpoint.scheme() == Scheme.NONE && input.kind() == Kind.HUGE_HEADER) {
            input = BadInputSweep.withBody(input, "[".getBytes(StandardCharsets.UTF_8));
        }
        return input;
    }

    private static Outcome send(Endpoint endpoint, BadInputs.Input input) {
        return BadInputSweep.send(stack.metrics().port(), endpoint, input, TIMEOUT_MS);
    }

    private static String sites() {
        Http.Reply r = Http.get(stack.metrics().baseUrl() + "/api/v1/sites",
                Map.of("Authorization", "Bearer " + Drills.ADMIN_TOKEN));
        assertThat(r.status()).isEqualTo(200);
        return r.body();
    }

    static List<Endpoint> endpoints() {
        String json = "application/json";
        String bulk = """
                {"requests":["?idsite=%1$s&rec=1&url=https%%3A%%2F%%2Fsweep.example%%2F&_id=0123456789abcdef&r=1",\
                {"idsite":"%1$s","rec":1,"url":"https://sweep.example/b","_id":"0123456789abcdef","r":"2"}]}""".formatted(SITE);
        String track = """
                {"site":"%s","hits":[{"url":"https://sweep.example/","visitorId":"0123456789abcdef","id":"sweep-1"}]}"""
                .formatted(SITE);
        String site = """
                {"id":"sweep-new","name":"New","urls":["https://new.example"],"timeZone":"Europe/Amsterdam",\
                "sections":[{"prefix":"/blog/","section":"Blog"}]}""";
        // The time is the last column and there is no final newline: any truncation breaks the row.
        String csv = "url,title,visitorId,time\nhttps://sweep.example/,T,0123456789abcdef,2025-01-01 00:00:00";
        return List.of(
                Endpoint.of("metrics-service", "POST", "/matomo.php", Scheme.NONE, bulk, json),
                Endpoint.of("metrics-service", "POST", "/piwik.php", Scheme.NONE, bulk, json),
                Endpoint.of("metrics-service", "POST", "/api/v1/track", Scheme.NONE, track, json),
                Endpoint.of("metrics-service", "GET", "/matomo.php?idsite=%FF%FE&rec=1&url=%00", Scheme.NONE, "", json),
                Endpoint.of("metrics-service", "GET", "/matomo.php?idsite=no-such-site&rec=1", Scheme.NONE, "", json),
                Endpoint.of("metrics-service", "GET", "/t.gif?idsite=%C3%28&e_c=only", Scheme.NONE, "", json),
                Endpoint.of("metrics-service", "POST", "/api/v1/sites", Scheme.BEARER, site, json),
                Endpoint.of("metrics-service", "PUT", "/api/v1/sites/sweep-missing", Scheme.BEARER, site, json),
                Endpoint.of("metrics-service", "GET", "/api/v1/sites/sweep-missing", Scheme.BEARER, "", json),
                Endpoint.of("metrics-service", "POST", "/api/v1/sites/" + SITE + "/import", Scheme.BEARER, csv,
                        "text/csv; charset=utf-8"),
                Endpoint.of("metrics-service", "POST", "/api/v1/sites/sweep-missing/import", Scheme.BEARER, csv,
                        "text/csv"));
    }
}
