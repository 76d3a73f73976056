package io.crowdsurf.drills;

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
import io.crowdsurf.testsupport.KafkaProbe;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input sweep for metrics-service's part-2 endpoints: the artists' admin API, the public widget list,
 * {@code embed.js}, the short-links API, {@code /l/{code}} and the CloudEvent consumer at {@code POST /} (the
 * {@code /stats} function), with malformed, truncated, wrongly shaped, invalid UTF-8, over-1-MiB, random, empty,
 * deeply nested, wrongly typed and unauthenticated requests.
 *
 * <p>Expected: no 5xx, no hang, no dropped connection; metrics-service alive and ready afterwards; <b>no record on
 * crowdsurf.events or crowdsurf.hits</b>, no artist list and no link stored. Every answer is a 4xx, except where
 * the endpoint's answer to any request is fixed: {@code embed.js} is the script (200/304), and {@code /l/{code}}
 * of a code nobody registered is the 302 to the base URL.
 */
class MetricsWidgetBadInputDrillTest {

    private static final long SEED = Long.getLong("drills.sweep.seed", 20261201L);
    private static final int REQUESTS = Integer.getInteger("drills.widget-sweep.requests", 900);
    private static final int TIMEOUT_MS = 10_000;
    private static final String ARTIST = "sweep-artist";
    private static final String CODE = "sweep-code";
    private static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.builder("metrics-widget-bad-input").withoutGateway().withoutQuiz().withoutDispatcher()
                .withMetrics().metricsEnv("METRICS_STATS_ALLOWED_WORKSPACES", "*").start();
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
        long eventsBefore = KafkaProbe.endOffsetSum(kafka, "crowdsurf.events");
        long hitsBefore = KafkaProbe.endOffsetSum(kafka, "crowdsurf.hits");
        List<Endpoint> endpoints = endpoints();
        List<Outcome> outcomes = BadInputSweep.run(endpoints, REQUESTS, new BadInputs(SEED), 8,
                MetricsWidgetBadInputDrillTest::hostile, MetricsWidgetBadInputDrillTest::send);
        assertThat(outcomes).hasSize(REQUESTS);
        BadInputSweep.printCounts("widget/links/stats bad-input sweep", SEED, outcomes,
                o -> o.endpoint().method() + " " + o.endpoint().path() + " " + o.status());

        assertThat(outcomes.stream().filter(o -> !acceptable(o)).toList())
                .as("requests answered with something other than 4xx (of %d; seed %d)", REQUESTS, SEED).isEmpty();
        assertNothingWritten(kafka, eventsBefore, hitsBefore);
    }

    /** Each body-taking endpoint's invalid UTF-8, empty body and JSON null with valid credentials: 4xx. */
    @Test
    void authenticatedInvalidUtf8EmptyAndNullBodies() {
        String kafka = stack.kafka().bootstrapServers();
        long eventsBefore = KafkaProbe.endOffsetSum(kafka, "crowdsurf.events");
        long hitsBefore = KafkaProbe.endOffsetSum(kafka, "crowdsurf.hits");
        List<Outcome> wrong = BadInputSweep.authenticatedInvalidUtf8EmptyAndNull(endpoints(), new BadInputs(SEED + 2),
                MetricsWidgetBadInputDrillTest::send, MetricsWidgetBadInputDrillTest::acceptable);
        assertThat(wrong).isEmpty();
        assertNothingWritten(kafka, eventsBefore, hitsBefore);
    }

    private static void assertNothingWritten(String kafka, long eventsBefore, long hitsBefore) {
        assertThat(stack.metrics().isAlive()).isTrue();
        assertThat(stack.metrics().awaitReadyStatus(200, Duration.ofSeconds(20))).as("ready after the sweep").isTrue();
        assertThat(KafkaProbe.endOffsetSum(kafka, "crowdsurf.events")).as("records on crowdsurf.events")
                .isEqualTo(eventsBefore);
        assertThat(KafkaProbe.endOffsetSum(kafka, "crowdsurf.hits")).as("records on crowdsurf.hits")
                .isEqualTo(hitsBefore);
        Map<String, String> admin = Map.of("Authorization", "Bearer " + Drills.ADMIN_TOKEN);
        assertThat(Http.get(stack.metrics().baseUrl() + "/api/v1/artists/" + ARTIST + "/events", admin).status())
                .as("no tour stored").isEqualTo(404);
        assertThat(Http.get(stack.metrics().baseUrl() + "/api/v1/links/" + CODE, admin).status())
                .as("no link stored").isEqualTo(404);
    }

    private static boolean acceptable(Outcome o) {
        if (o.status() >= 400 && o.status() < 500) {
            return true;
        }
        String path = o.endpoint().path();
        if (path.equals("/widget/embed.js")) {
            return o.status() == 200 || o.status() == 304;
        }
        if (path.startsWith("/l/")) {
            // Nobody registered these codes: the only answer is the redirect to the base URL (checked in LinkApiTest).
            return o.status() == 302;
        }
        return false;
    }

    private static BadInputs.Input hostile(BadInputs inputs, Endpoint endpoint) {
        BadInputs.Input input = inputs.next(endpoint.validBody(), endpoint.contentType());
        if (endpoint.scheme() == Scheme.NONE && !BadInputSweep.BROKEN_BODY.contains(input.kind())) {
            // Open endpoints: only the body (or a header) can be wrong; a valid CloudEvent would be a real command.
            input = BadInputSweep.brokenBody(inputs, endpoint, input);
        }
        return input;
    }

    private static Outcome send(Endpoint endpoint, BadInputs.Input input) {
        if (!endpoint.path().equals("/")) {
            return BadInputSweep.send(stack.metrics().port(), endpoint, input, TIMEOUT_MS);
        }
        // A binary-mode CloudEvent of a type metrics-service consumes: the guard must judge the data.
        String type = input.index() % 2 == 0 ? "com.crowdsurf.chat.command.received" : "com.crowdsurf.chat.message.received";
        return BadInputSweep.send(stack.metrics().port(), "/", endpoint, input,
                BadInputSweep.withCloudEvent(endpoint.headers(input), "sweep-" + input.index(), type, "/drills/sweep"),
                TIMEOUT_MS);
    }

    static List<Endpoint> endpoints() {
        String json = "application/json";
        String tour = """
                {"name":"Sweep","site":"1","events":[{"date":"2030-01-01","city":"Berlin","venue":"Hall",\
                "ticketUrl":"https://tickets.example/1","status":"on-sale","timeZone":"Europe/Berlin"}]}""";
        String link = """
                {"target":"https://tickets.example/1","code":"%s","campaign":"sweep"}""".formatted(CODE);
        String command = """
                {"platform":"slack","botId":"T1","userId":"U1","conversationId":"T1:U1","commandId":"c1",\
                "command":"/stats","text":"members","responseUrl":null,"platformTimestamp":"2026-12-01T00:00:00Z"}""";
        return List.of(
                Endpoint.of("metrics-service", "PUT", "/api/v1/artists/" + ARTIST + "/events", Scheme.BEARER, tour, json),
                Endpoint.of("metrics-service", "GET", "/api/v1/artists/" + ARTIST + "/events", Scheme.BEARER, "", json),
                Endpoint.of("metrics-service", "GET", "/widget/artists/Bad%20Artist/events", Scheme.NONE, "", json),
                Endpoint.of("metrics-service", "GET", "/widget/artists/%FF%FE/events", Scheme.NONE, "", json),
                Endpoint.of("metrics-service", "GET", "/widget/artists/sweep-missing/events", Scheme.NONE, "", json),
                Endpoint.of("metrics-service", "GET", "/widget/embed.js", Scheme.NONE, "", json),
                Endpoint.of("metrics-service", "POST", "/api/v1/links", Scheme.BEARER, link, json),
                Endpoint.of("metrics-service", "GET", "/api/v1/links/" + CODE, Scheme.BEARER, "", json),
                Endpoint.of("metrics-service", "GET", "/l/nobody-registered-this", Scheme.NONE, "", json),
                Endpoint.of("metrics-service", "GET", "/l/%FF%00", Scheme.NONE, "", json),
                Endpoint.of("metrics-service", "POST", "/", Scheme.NONE, command, json));
    }
}
