package io.crowdsurf.drills;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crowdsurf.drills.harness.BadInputSweep;
import io.crowdsurf.drills.harness.Drills;
import io.crowdsurf.drills.harness.Endpoint;
import io.crowdsurf.drills.harness.Endpoint.Scheme;
import io.crowdsurf.drills.harness.Http;
import io.crowdsurf.drills.harness.RawHttp;
import io.crowdsurf.drills.harness.Stack;
import io.crowdsurf.testsupport.BadInputs;
import io.crowdsurf.testsupport.KafkaProbe;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input sweep for metrics-service's report side: the REST reports, the Matomo Reporting API
 * ({@code /index.php}, GET and POST) and the dashboard page, with hostile bodies and headers from
 * {@link BadInputs} plus hostile query strings (bad periods, dates, segments, limits, formats, methods, site ids,
 * invalid UTF-8, huge values). Expected: only 4xx — the dashboard page itself is static and public (its data
 * needs the token), so it may answer 200 — no 5xx, no hang; the service alive and ready; nothing written to
 * crowdsurf.hits.
 */
class MetricsReportsBadInputDrillTest {

    private static final long SEED = Long.getLong("drills.sweep.seed", 20261201L);
    private static final int REQUESTS = Integer.getInteger("drills.reports-sweep.requests", 800);
    private static final int TIMEOUT_MS = 10_000;
    private static final String SITE = "reports-sweep";
    private static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.builder("metrics-reports-bad-input").withoutGateway().withoutQuiz().withoutDispatcher()
                .withMetrics().start();
        Http.Reply created = Http.postJson(stack.metrics().baseUrl() + "/api/v1/sites",
                Map.of("Authorization", "Bearer " + Drills.ADMIN_TOKEN), """
                        {"id": "%s", "name": "Sweep", "urls": ["https://sweep.example"], "timeZone": "Europe/Paris"}"""
                        .formatted(SITE));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    record Outcome(String method, String path, String what, int status, String body) {
        @Override
        public String toString() {
            return method + " " + path + " [" + what + "] -> " + status + " "
                    + (body.length() > 160 ? body.substring(0, 160) + "…" : body);
        }
    }

    /** Query strings that must each be refused; {@code %s} is the site. */
    static final List<String> BAD_REPORT_QUERIES = List.of("period=decade", "from=yesterday", "from=2026-13-01",
            "from=2026-11-10&to=2026-11-01", "limit=0", "limit=-5", "limit=999999999999", "limit=x", "format=xml",
            "segment=city%3D%3DParis", "segment=pageUrl", "segment=pageUrl%3D%3D%25zz", "segment=%FF%FE",
            "segment=pageUrl%3D%3Da%3BreferrerName%3D%3Db", "from=1900-01-01&to=2100-01-01&period=hour",
            "from=1900-01-01&to=2100-01-01&period=day", "segment=" + "a".repeat(5000), "from=%00", "sort=%FF");

    static final List<String> BAD_MATOMO_QUERIES = List.of("method=Goals.get", "method=VisitsSummary.get",
            "method=VisitsSummary.get&idSite=%s&period=decade&date=today",
            "method=VisitsSummary.get&idSite=%s&period=day&date=2026-02-30",
            "method=VisitsSummary.get&idSite=%s&period=day&date=last0",
            "method=VisitsSummary.get&idSite=%s&period=day&date=last999999",
            "method=VisitsSummary.get&idSite=%s&period=range&date=today",
            "method=VisitsSummary.get&idSite=no-such-site&period=day&date=today",
            "method=VisitsSummary.get&idSite=%FF%FE&period=day&date=today",
            "method=VisitsSummary.get&idSite=%s&period=day&date=today&segment=visitCount%3E2",
            "method=VisitsSummary.get&idSite=%s&period=day&date=today&segment=%FF",
            "method=Actions.getPageUrls&idSite=%s&period=day&date=today&filter_limit=many",
            "method=Actions.getPageUrls&idSite=%s&period=day&date=today&filter_pattern=x",
            "method=Actions.getPageUrls&idSite=%s&period=day&date=today&flat=2",
            "method=VisitsSummary.get&idSite=%s&period=day&date=today&format=html",
            "method=VisitsSummary.get&idSite=%s&period=day&date=" + "1".repeat(9000));

    @Test
    void hostileQueriesBodiesAndHeadersGetOnly4xx() throws Exception {
        String kafka = stack.kafka().bootstrapServers();
        long hitsBefore = KafkaProbe.endOffsetSum(kafka, "crowdsurf.hits");
        List<Callable<Outcome>> tasks = new ArrayList<>();
        String token = "token_auth=" + Drills.ADMIN_TOKEN + "&module=API&format=json&";
        for (String report : List.of("visits", "pages", "sections", "downloads", "outlinks", "referrers", "devices",
                "events", "content")) {
            for (String q : BAD_REPORT_QUERIES) {
                tasks.add(() -> get("/api/v1/sites/" + SITE + "/reports/" + report + "?" + q, true, q));
            }
            tasks.add(() -> get("/api/v1/sites/" + SITE + "/reports/" + report, false, "no token"));
        }
        tasks.add(() -> get("/api/v1/sites/no-such-site/reports/visits", true, "unknown site"));
        tasks.add(() -> get("/api/v1/sites/" + SITE + "/reports/goals", true, "unknown report"));
        for (String q : BAD_MATOMO_QUERIES) {
            String query = q.replace("%s", SITE);
            tasks.add(() -> get("/index.php?" + token + query, false, query));
            tasks.add(() -> get("/index.php?module=API&format=xml&" + query, false, "no token " + query));
        }
        tasks.add(() -> get("/index.php?module=API&method=VisitsSummary.get&idSite=" + SITE
                + "&period=day&date=today&format=json&token_auth=wrong", false, "wrong token"));

        // Hostile bodies and headers on the POST form of the Matomo API (and the GET endpoints' headers).
        BadInputs inputs = new BadInputs(SEED);
        String valid = "module=API&method=VisitsSummary.get&idSite=" + SITE + "&period=day&date=today&format=json";
        List<Endpoint> endpoints = List.of(
                Endpoint.of("metrics-service", "POST", "/index.php", Scheme.NONE, valid,
                        "application/x-www-form-urlencoded"),
                Endpoint.of("metrics-service", "GET", "/api/v1/sites/" + SITE + "/reports/visits", Scheme.BEARER, "",
                        "application/json"));
        for (int i = 0; i < REQUESTS; i++) {
            Endpoint e = endpoints.get(i % endpoints.size());
            BadInputs.Input in = inputs.next(e.validBody(), e.contentType());
            if (e.method().equals("GET") && in.signing() == BadInputs.Signing.VALID) {
                continue; // a valid token on a GET with no body is a good request
            }
            tasks.add(() -> {
                byte[] body = e.method().equals("GET") ? null : in.body();
                // Never the token in a hostile POST: an unauthenticated body must be refused whatever it says.
                Http.Reply r = RawHttp.send(stack.metrics().port(), e.method(), e.path(), e.headers(in), body, TIMEOUT_MS);
                return new Outcome(e.method(), e.path(), in.toString(), r.status(), r.body());
            });
        }
        List<Outcome> outcomes = BadInputSweep.parallel(tasks, 8);
        assertThat(outcomes).hasSize(tasks.size());
        BadInputSweep.printCounts("metrics reports bad-input sweep", SEED, outcomes, o -> o.method() + " "
                + o.path().split("\\?", 2)[0].replaceAll("/reports/.*", "/reports/*") + " " + o.status());
        assertThat(outcomes.stream().filter(o -> o.status() < 400 || o.status() >= 500).toList())
                .as("requests answered with something other than 4xx").isEmpty();
        assertThat(outcomes.stream().filter(o -> o.path().startsWith("/index.php") && o.status() != 413
                && o.status() != 414 && o.status() != 415 && o.status() != 431 && !o.body().contains("\"result\":\"error\"")
                && !o.body().contains("<error message=") && !o.body().startsWith("Error:")).toList())
                .as("Matomo API refusals in Matomo's error format").isEmpty();
        assertThat(stack.metrics().isAlive()).isTrue();
        assertThat(stack.metrics().awaitReadyStatus(200, Duration.ofSeconds(20))).as("ready after the sweep").isTrue();
        assertThat(KafkaProbe.endOffsetSum(kafka, "crowdsurf.hits")).isEqualTo(hitsBefore);
    }

    @Test
    void theDashboardPageIsStaticAndItsDataNeedsTheToken() {
        Http.Reply page = Http.get(stack.metrics().baseUrl() + "/dashboard?x=%FF", Map.of());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("/webjars/uplot/").doesNotContain("nb_visits\":");
        Http.Reply webjar = Http.get(stack.metrics().baseUrl() + "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", Map.of());
        assertThat(webjar.status()).isEqualTo(200);
        assertThat(Http.get(stack.metrics().baseUrl() + "/api/v1/sites/" + SITE + "/reports/visits", Map.of()).status())
                .isEqualTo(401);
    }

    private static Outcome get(String path, boolean token, String what) {
        Map<String, String> headers = token ? Map.of("Authorization", "Bearer " + Drills.ADMIN_TOKEN) : Map.of();
        Http.Reply r = RawHttp.send(stack.metrics().port(), "GET", path, headers, null, TIMEOUT_MS);
        return new Outcome("GET", path.length() > 200 ? path.substring(0, 200) + "…" : path, what, r.status(), r.body());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
