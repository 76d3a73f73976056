package io.crowdsurf.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * {@code ./crowdsurf bench tracking}: metrics-service's tracking path, in phases that share one run, one generator
 * ({@link Driver}) and one report. Ingest phases (this class): the bare endpoint (a Vert.x server in this process
 * that reads the body and answers the GIF or Matomo's bulk status), {@code /matomo.php} one hit per request, and
 * bulk requests of {@code --batch} hits; then every acknowledged hit is counted in {@code crowdsurf.hits}.
 *
 * <p>Adding phases (aggregator throughput, report latency): write a method that takes the {@link Run} and returns
 * its rows and goals, and call it from {@link #run} after the ingest phases; {@link Run#site} holds the hits the
 * ingest phases wrote.
 */
public final class TrackingBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A handful of real browsers: real traffic is dominated by few user agents, which the parser caches. */
    static final List<String> USER_AGENTS = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
            "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
            "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");
    static final List<String> PATHS = List.of("/", "/blog/2026/summer-tour", "/blog/", "/shop/tickets/amsterdam",
            "/shop/merch", "/about", "/events/2026-12-31");
    static final List<String> REFERRERS = List.of("", "https://www.google.com/search?q=crowdsurf",
            "https://news.example.net/post/1", "", "https://duckduckgo.com/?q=tour");

    /** What the phases share. */
    record Run(Options options, Report report, URI metrics, String kafka, String site, String runId, Driver driver) {
    }

    private TrackingBench() {
    }

    public static int run(Options o) throws Exception {
        URI metrics = URI.create(o.string("metrics", "http://127.0.0.1:8084"));
        String kafka = o.string("kafka", env("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"));
        String token = o.string("admin-token", env("CROWDSURF_ADMIN_TOKEN", "dev-admin-token"));
        int concurrency = o.integer("concurrency", 64);
        String runId = Long.toString(System.currentTimeMillis(), 36);
        String site = o.string("site", "bench-" + runId);
        Report report = new Report("tracking", o);
        report.put("run_id", runId);
        report.put("site", site);
        report.put("concurrency", concurrency);
        CpuMeter.identify(Map.of(metrics.getPort(), "metrics-service", port(kafka), "Kafka broker",
                o.integer("mongo-port", 27017), "MongoDB-wire"));
        registerSite(metrics, token, site);

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setBlockedThreadCheckInterval(60_000));
        try (Driver driver = new Driver(vertx, concurrency)) {
            Run run = new Run(o, report, metrics, kafka, site, runId, driver);
            // --skip-ingest=true: only the aggregator and report phases (e.g. with --reports-sites).
            boolean ok = o.flag("skip-ingest") || ingest(run, vertx);
            if (!o.flag("skip-reports")) {
                // The aggregator and report phases (TrackingReportsBench) on data of their own.
                ok &= TrackingReportsBench.run(run, token);
            }
            report.write();
            return ok ? 0 : 3;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** The ingest phases; @return whether their goals were met. */
    static boolean ingest(Run run, Vertx vertx) throws Exception {
        Options o = run.options();
        int singles = o.integer("hits", 20_000);
        int batch = o.integer("batch", 100);
        int bulkRequests = o.integer("bulk-requests", 2_000);
        int warmup = o.integer("warmup", 2_000);
        HttpServer bare = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1")
                .setPort(o.integer("bare-port", 0)).setTcpNoDelay(true))
                .requestHandler(req -> req.body().onComplete(b -> {
                    if (req.path().endsWith("bulk")) {
                        req.response().putHeader("Content-Type", "application/json")
                                .end("{\"status\":\"success\",\"tracked\":" + batch + ",\"invalid\":0,\"invalid_indices\":[]}");
                    } else {
                        req.response().putHeader("Content-Type", "image/gif").end(Buffer.buffer(GIF));
                    }
                }))
                .listen().toCompletionStage().toCompletableFuture().join();
        URI bareSingle = URI.create("http://127.0.0.1:" + bare.actualPort() + "/matomo.php");
        URI bareBulk = URI.create("http://127.0.0.1:" + bare.actualPort() + "/matomo.php/bulk");
        URI matomo = run.metrics().resolve("/matomo.php");
        String site = run.site();

        Burst.Result bareResult;
        Burst.Result bareBulkResult;
        Burst.Result singleResult;
        Burst.Result bulkResult;
        HitLedger.Count count;
        Map<String, Object> cpuSingle;
        Map<String, Object> cpuBulk;
        try (HitLedger ledger = new HitLedger(run.kafka(), o.string("topic", "crowdsurf.hits"))) {
            System.out.printf("bare endpoint %s: %d warm-up + %d requests, concurrency %d%n", bareSingle, warmup, singles,
                    run.driver().concurrency());
            Burst.run("bare warm-up", run.driver(), singles(bareSingle, site, "bw", warmup));
            bareResult = Burst.run("bare endpoint, 1 hit/request", run.driver(), singles(bareSingle, site, "b", singles));
            bareBulkResult = Burst.run("bare endpoint, " + batch + " hits/request", run.driver(),
                    bulks(bareBulk, site, "bb", bulkRequests, batch));

            Map<TopicPartition, Long> before = ledger.snapshot();
            System.out.printf("metrics-service %s: %d warm-up + %d single hits%n", matomo, warmup, singles);
            Burst.run("matomo.php warm-up", run.driver(), singles(matomo, site, "mw-" + run.runId(), warmup));
            CpuMeter.Snapshot c0 = CpuMeter.snapshot();
            singleResult = Burst.run("/matomo.php, 1 hit/request", run.driver(),
                    singles(matomo, site, "m-" + run.runId(), singles));
            cpuSingle = CpuMeter.between(c0, CpuMeter.snapshot());
            System.out.printf("metrics-service %s: %d bulk requests of %d hits%n", matomo, bulkRequests, batch);
            CpuMeter.Snapshot c1 = CpuMeter.snapshot();
            bulkResult = Burst.run("/matomo.php bulk, " + batch + " hits/request", run.driver(),
                    bulks(matomo, site, "k-" + run.runId(), bulkRequests, batch));
            cpuBulk = CpuMeter.between(c1, CpuMeter.snapshot());
            Map<TopicPartition, Long> after = ledger.snapshot();
            count = ledger.count(before, after, site);
        } finally {
            bare.close().toCompletionStage().toCompletableFuture().join();
        }

        long ackedHits = warmup + singleResult.acked() + trackedHits(bulkResult);
        double singleHits = singleResult.acksPerSecond();
        double bareHits = bareResult.acksPerSecond();
        double bulkHitsPerSecond = trackedHits(bulkResult) / Math.max(bulkResult.seconds(), 1e-9);
        double bareBulkHits = bareBulkResult.acksPerSecond() * batch;
        double ratio = bareHits == 0 ? 0 : singleHits / bareHits;
        List<List<String>> rows = new ArrayList<>();
        rows.add(row(bareResult, 1, bareHits, "—"));
        rows.add(row(singleResult, 1, singleHits, pct(ratio)));
        rows.add(row(bareBulkResult, batch, bareBulkHits, "—"));
        rows.add(row(bulkResult, batch, bulkHitsPerSecond, pct(bareBulkHits == 0 ? 0 : bulkHitsPerSecond / bareBulkHits)));
        run.report().table("tracking ingest (concurrency " + run.driver().concurrency()
                + ", keep-alive, no pipelining; hits/s = hits acknowledged per second)",
                List.of("endpoint", "requests", "2xx", "hits/s", "vs bare", "p50", "p95", "p99", "max", "statuses"), rows);
        boolean ratioOk = ratio >= 0.5;
        boolean bulkOk = bulkHitsPerSecond >= 50_000;
        boolean durableOk = ackedHits > 0 && count.distinctIds() == ackedHits;
        run.report().table("tracking ingest goals", List.of("goal", "measured", "result"), List.of(
                List.of("single hits ≥ 50 % of the bare endpoint", pct(ratio), Report.passMiss(ratioOk)),
                List.of("bulk ≥ 50,000 hits/s", Report.num(bulkHitsPerSecond) + " hits/s", Report.passMiss(bulkOk)),
                List.of("every acknowledged hit in crowdsurf.hits", count.distinctIds() + " distinct hit ids of " + ackedHits
                        + " acknowledged (" + count.records() + " records)", Report.passMiss(durableOk))));
        // CPU per hit: less sensitive to the machine's other load than hits/s (the final figures come from an idle run).
        double singleUs = cpuMicrosPerHit(cpuSingle, "metrics-service", singleResult.acked());
        double bulkUs = cpuMicrosPerHit(cpuBulk, "metrics-service", trackedHits(bulkResult));
        double bulkKafkaUs = cpuMicrosPerHit(cpuBulk, "Kafka broker", trackedHits(bulkResult));
        run.report().table("tracking ingest: CPU per acknowledged hit", List.of("phase", "metrics-service", "Kafka broker"),
                List.of(List.of("/matomo.php, 1 hit/request", Report.num(singleUs) + " µs",
                                Report.num(cpuMicrosPerHit(cpuSingle, "Kafka broker", singleResult.acked())) + " µs"),
                        List.of("/matomo.php bulk, " + batch + " hits/request", Report.num(bulkUs) + " µs",
                                Report.num(bulkKafkaUs) + " µs")));
        run.report().table("tracking ingest: CPU during /matomo.php single hits (" + cpuSingle.get("wall_seconds") + " s)",
                List.of("process", "CPU", "share of all cores"), CpuMeter.rows(cpuSingle));
        run.report().table("tracking ingest: CPU during bulk (" + cpuBulk.get("wall_seconds") + " s)",
                List.of("process", "CPU", "share of all cores"), CpuMeter.rows(cpuBulk));
        for (Burst.Result r : List.of(singleResult, bulkResult)) {
            if (r.firstError() != null) {
                run.report().line("first non-2xx of " + r.label() + ": " + r.firstError());
            }
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("bare", bareResult.toJson());
        results.put("bare_bulk", bareBulkResult.toJson());
        results.put("single", singleResult.toJson());
        results.put("bulk", bulkResult.toJson());
        results.put("single_hits_per_second", Latency.round(singleHits));
        results.put("bulk_hits_per_second", Latency.round(bulkHitsPerSecond));
        results.put("ratio_single_to_bare", Latency.round(ratio));
        results.put("kafka", Map.of("acked_hits", ackedHits, "distinct_ids", count.distinctIds(), "records", count.records()));
        results.put("cpu_us_per_hit", Map.of("single", Latency.round(singleUs), "bulk", Latency.round(bulkUs),
                "bulk_kafka", Latency.round(bulkKafkaUs)));
        results.put("cpu_single", cpuSingle);
        results.put("cpu_bulk", cpuBulk);
        results.put("goals", Map.of("single_at_least_50pct_of_bare", ratioOk, "bulk_at_least_50k", bulkOk,
                "acked_all_durable", durableOk));
        run.report().put("ingest", results);
        return ratioOk && bulkOk && durableOk;
    }

    /** CPU microseconds a process spent per hit in a phase (0 when it did not run or nothing was acknowledged). */
    @SuppressWarnings("unchecked")
    static double cpuMicrosPerHit(Map<String, Object> between, String role, long hits) {
        Object r = ((Map<String, Object>) between.get("roles")).get(role);
        if (r == null || hits <= 0) {
            return 0;
        }
        return ((Number) ((Map<String, Object>) r).get("cpu_seconds")).doubleValue() * 1e6 / hits;
    }

    /** Hits the bulk answers report as tracked. */
    static long trackedHits(Burst.Result r) {
        long n = 0;
        for (Driver.Outcome o : r.outcomes()) {
            if (o.ok()) {
                try {
                    n += JSON.readTree(o.body()).path("tracked").asLong();
                } catch (IOException e) {
                    // not a bulk answer: counts nothing
                }
            }
        }
        return n;
    }

    private static List<String> row(Burst.Result r, int hitsPerRequest, double hitsPerSecond, String vsBare) {
        return List.of(r.label(), Integer.toString(r.sent()), Integer.toString(r.acked()), Report.num(hitsPerSecond),
                vsBare, Report.ms(r.latency().percentileMs(50)), Report.ms(r.latency().percentileMs(95)),
                Report.ms(r.latency().percentileMs(99)), Report.ms(r.latency().maxMs()), r.statuses().toString());
    }

    private static String pct(double ratio) {
        return String.format(Locale.ROOT, "%.1f %%", ratio * 100);
    }

    /** One tracking request's parameters, as Matomo's JavaScript tracker sends them (form-encoded). */
    static String hit(String site, String prefix, int i) {
        String visitor = String.format("%016x", (long) (prefix.hashCode() & 0x7fffffff) << 20 | (i / 5));
        String path = PATHS.get(i % PATHS.size());
        String ref = REFERRERS.get(i % REFERRERS.size());
        return "idsite=" + site + "&rec=1&apiv=1&r=" + prefix + "-" + i + "&_id=" + visitor
                + "&url=" + enc("https://bench.example" + path + (i % 11 == 0 ? "?mtm_campaign=winter" : ""))
                + "&action_name=" + enc("Page " + path) + (ref.isEmpty() ? "" : "&urlref=" + enc(ref))
                + "&res=1920x1080&_idvc=1&h=12&m=" + (i % 60) + "&s=" + (i % 60)
                + "&ua=" + enc(USER_AGENTS.get(i % USER_AGENTS.size()));
    }

    static List<Driver.Req> singles(URI target, String site, String prefix, int n) {
        List<Driver.Req> out = new ArrayList<>(n);
        Map<String, String> headers = Map.of("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8");
        for (int i = 0; i < n; i++) {
            out.add(new Driver.Req(target, headers, hit(site, prefix, i).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    static List<Driver.Req> bulks(URI target, String site, String prefix, int requests, int batch) {
        List<Driver.Req> out = new ArrayList<>(requests);
        Map<String, String> headers = Map.of("Content-Type", "application/json");
        for (int r = 0; r < requests; r++) {
            StringBuilder b = new StringBuilder(batch * 400).append("{\"requests\":[");
            for (int i = 0; i < batch; i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append("\"?").append(hit(site, prefix + "-" + r, i)).append('"');
            }
            b.append("]}");
            out.add(new Driver.Req(target, headers, b.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    static void registerSite(URI metrics, String token, String site) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String body = JSON.writeValueAsString(Map.of("id", site, "name", "Bench " + site,
                "urls", List.of("https://bench.example"), "timeZone", "Europe/Amsterdam",
                "sections", List.of(Map.of("prefix", "/blog/", "section", "Blog"),
                        Map.of("pattern", "/shop/**", "section", "Shop"))));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(metrics.resolve("/api/v1/sites"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201 && r.statusCode() != 409) {
            throw new IllegalStateException("cannot register site " + site + ": " + r.statusCode() + " " + r.body());
        }
        JsonNode ignored = r.statusCode() == 201 ? JSON.readTree(r.body()) : null;
        if (ignored != null && !site.equals(ignored.path("id").asText())) {
            throw new IllegalStateException("site registered as " + ignored.path("id"));
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static int port(String bootstrap) {
        String k = bootstrap.split(",")[0];
        return Integer.parseInt(k.substring(k.lastIndexOf(':') + 1));
    }

    private static String env(String name, String def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : v;
    }

    static final byte[] GIF = java.util.Base64.getDecoder().decode(
            "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");
}
