package io.crowdsurf.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.KafkaCodec;
import io.crowdsurf.events.data.HitKind;
import io.crowdsurf.events.data.HitTracked;

/**
 * The aggregator and report phases of {@code ./crowdsurf bench tracking}, after the ingest phases:
 * <ol>
 * <li>{@code --reports-small} hits (default 100,000) of one site spread over 2025, produced straight to
 * {@code crowdsurf.hits} as the ingest writes them, waited for in VisitsSummary.get; report latencies on them;</li>
 * <li>{@code --reports-hits} (default 2,000,000) of a second site: aggregator throughput = hits / (first record
 * produced → last one visible in the year's VisitsSummary.get); report latencies again, on both sites, to show
 * they do not grow with the hits;</li>
 * <li>{@code --visible-samples} single page views through {@code /matomo.php}: time from the ack to the hit in
 * VisitsSummary.get (today), one at a time, the aggregator otherwise idle.</li>
 * </ol>
 */
final class TrackingReportsBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam"); // TrackingBench.registerSite's zone
    private static final String[] DEVICES = {"desktop", "smartphone", "smartphone", "tablet", "desktop"};
    private static final String[] REF_TYPES = {"direct", "search", "website", "direct", "campaign"};
    private static final String[] REF_NAMES = {null, "Google", "news.example.net", null, "winter"};

    private TrackingReportsBench() {
    }

    record Loaded(String site, int hits, long actions, double seconds, double produceSeconds, Map<String, Object> cpu) {
    }

    static boolean run(TrackingBench.Run run, String token) throws Exception {
        Options o = run.options();
        int small = o.integer("reports-small", 100_000);
        int large = o.integer("reports-hits", 2_000_000);
        int queries = o.integer("report-queries", 200);
        int samples = o.integer("visible-samples", 50);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String siteSmall = run.site() + "-r" + small;
        String siteLarge = run.site() + "-r" + large;
        // --reports-sites=<small>,<large>: sites an earlier run of this bench loaded (same sizes), to measure the
        // report and visibility phases again without re-loading; the aggregator row is then not measured.
        String reuse = o.string("reports-sites", "");
        if (!reuse.isBlank()) {
            siteSmall = reuse.split(",")[0].trim();
            siteLarge = reuse.split(",")[1].trim();
        } else {
            TrackingBench.registerSite(run.metrics(), token, siteSmall);
            TrackingBench.registerSite(run.metrics(), token, siteLarge);
        }

        System.out.printf("aggregator: %d hits for %s%n", small, siteSmall);
        Loaded a = reuse.isBlank() ? load(run, http, token, siteSmall, small) : reused(run, http, token, siteSmall, small);
        List<List<String>> latencyRows = new ArrayList<>();
        Map<String, Double> p95Small = latencies(run, http, token, siteSmall, small, queries, latencyRows);
        System.out.printf("aggregator: %d hits for %s%n", large, siteLarge);
        Loaded b = reuse.isBlank() ? load(run, http, token, siteLarge, large) : reused(run, http, token, siteLarge, large);
        Map<String, Double> p95Large = latencies(run, http, token, siteLarge, large, queries, latencyRows);
        latencies(run, http, token, siteSmall, small, queries, latencyRows); // the small site again, next to the big one
        Latency visible = visible(run, http, token, siteSmall, samples);

        double throughput = b.hits() / b.seconds(); // NaN when the sites were reused
        run.report().table("aggregator (hits produced straight to crowdsurf.hits, counted when VisitsSummary.get has them all)",
                List.of("site", "hits", "actions", "produced in", "all visible after", "hits/s through the aggregator"),
                List.of(row(a), row(b)));
        // CPU per hit of each process while the hits went through the aggregator: load-insensitive, unlike hits/s.
        List<List<String>> cpuRows = new ArrayList<>();
        for (Loaded l : List.of(a, b)) {
            if (l.cpu() != null) {
                cpuPerHit(l).forEach(cpuRows::add);
            }
        }
        if (!cpuRows.isEmpty()) {
            run.report().table("CPU per hit while the aggregator applied them (the stack's processes, /proc)",
                    List.of("site hits", "process", "CPU seconds", "µs per hit"), cpuRows);
        }
        run.report().table("report latency (sequential requests; p50 / p95 / max; segment = deviceType==smartphone)",
                List.of("site hits", "query", "p50", "p95", "max", "requests"), latencyRows);
        run.report().table("hit visible in VisitsSummary.get after its /matomo.php ack (" + visible.count() + " samples)",
                List.of("p50", "p95", "p99", "max"), List.of(List.of(Report.ms(visible.percentileMs(50)),
                        Report.ms(visible.percentileMs(95)), Report.ms(visible.percentileMs(99)), Report.ms(visible.maxMs()))));

        double worst = p95Large.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        boolean fast = worst < 50 && p95Small.values().stream().allMatch(v -> v < 50);
        boolean flat = true;
        StringBuilder growth = new StringBuilder();
        for (String q : p95Small.keySet()) {
            double s = p95Small.get(q);
            double l = p95Large.getOrDefault(q, 0.0);
            flat &= l <= Math.max(2 * s, s + 5);
            growth.append(growth.length() == 0 ? "" : ", ").append(q).append(' ').append(Report.ms(s)).append(" → ")
                    .append(Report.ms(l));
        }
        boolean visibleOk = visible.percentileMs(99) <= 5000;
        run.report().table("tracking reports goals", List.of("goal", "measured", "result"), List.of(
                List.of("hit visible within 5 s (p99)", Report.ms(visible.percentileMs(99)), Report.passMiss(visibleOk)),
                List.of("report p95 < 50 ms", "worst p95 " + Report.ms(worst), Report.passMiss(fast)),
                List.of("report p95 flat from " + small + " to " + large + " hits (≤ 2× or +5 ms)", growth.toString(),
                        Report.passMiss(flat))));
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("aggregator_hits_per_second", Double.isNaN(throughput) ? null : Latency.round(throughput));
        results.put("small", a.site() + " " + a.hits() + " hits, " + a.seconds() + " s");
        results.put("large", b.site() + " " + b.hits() + " hits, " + b.seconds() + " s");
        results.put("cpu_small", a.cpu());
        results.put("cpu_large", b.cpu());
        results.put("report_p95_small", p95Small);
        results.put("report_p95_large", p95Large);
        results.put("visible", visible.summary());
        run.report().put("reports", results);
        return visibleOk && fast && flat;
    }

    @SuppressWarnings("unchecked")
    private static List<List<String>> cpuPerHit(Loaded l) {
        List<List<String>> rows = new ArrayList<>();
        Map<String, Object> roles = (Map<String, Object>) l.cpu().get("roles");
        roles.forEach((role, v) -> {
            if (role.startsWith("other")) {
                return; // other sessions' processes on a shared machine: in the JSON, not in the table
            }
            double seconds = ((Number) ((Map<String, Object>) v).get("cpu_seconds")).doubleValue();
            rows.add(List.of(Integer.toString(l.hits()), role, String.format(java.util.Locale.ROOT, "%.2f", seconds),
                    String.format(java.util.Locale.ROOT, "%.0f", seconds * 1e6 / l.hits())));
        });
        return rows;
    }

    private static List<String> row(Loaded l) {
        if (Double.isNaN(l.seconds())) {
            return List.of(l.site(), Integer.toString(l.hits()), Long.toString(l.actions()), "(earlier run)",
                    "(earlier run)", "not measured in this run");
        }
        return List.of(l.site(), Integer.toString(l.hits()), Long.toString(l.actions()),
                String.format(java.util.Locale.ROOT, "%.1f s", l.produceSeconds()),
                String.format(java.util.Locale.ROOT, "%.1f s", l.seconds()), Report.num(l.hits() / l.seconds()));
    }

    /** Produces {@code n} hits of a site over 2025 and waits until the year's report has every action. */
    static Loaded load(TrackingBench.Run run, HttpClient http, String token, String site, int n) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, run.kafka());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        long actions = 0;
        CpuMeter.Snapshot c0 = CpuMeter.snapshot();
        long t0 = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                HitTracked h = hit(site, run.runId(), i);
                actions += h.kind() == HitKind.CONTENT_IMPRESSION ? 0 : 1;
                producer.send(KafkaCodec.toRecord("crowdsurf.hits", CrowdsurfEvents.build(EventType.METRICS_HIT_TRACKED,
                        h.hitId(), "/crowdsurf/bench", site, h.visitorId(), h)));
            }
            producer.flush();
        }
        double produced = (System.nanoTime() - t0) / 1e9;
        long expected = actions;
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        long seen = 0;
        while (seen != expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(site + ": " + seen + " of " + expected + " actions after 30 min");
            }
            Thread.sleep(200);
            JsonNode s = summary(run.metrics(), http, token, site, "year", "2025-01-01", null);
            seen = s.path("nb_actions").asLong(0);
        }
        return new Loaded(site, n, expected, (System.nanoTime() - t0) / 1e9, produced,
                CpuMeter.between(c0, CpuMeter.snapshot()));
    }

    /** A site loaded by an earlier run: checks it holds its hits; no timing (NaN). */
    static Loaded reused(TrackingBench.Run run, HttpClient http, String token, String site, int n) throws Exception {
        long actions = 0;
        for (int i = 0; i < n; i++) {
            actions += hit(site, run.runId(), i).kind() == HitKind.CONTENT_IMPRESSION ? 0 : 1;
        }
        long seen = summary(run.metrics(), http, token, site, "year", "2025-01-01", null).path("nb_actions").asLong(0);
        if (seen != actions) {
            throw new IllegalStateException(site + " holds " + seen + " actions, not " + actions);
        }
        return new Loaded(site, n, actions, Double.NaN, Double.NaN, null);
    }

    /** Five hits per visitor within ten minutes of one day of 2025; a download every 10th, an event every 15th. */
    static HitTracked hit(String site, String runId, int i) {
        int visitor = i / 5;
        int day = Math.floorMod(visitor * 7919, 365);
        Instant t = LocalDate.of(2025, 1, 1).plusDays(day).atTime(8 + visitor % 12, 0).atZone(ZONE).toInstant()
                .plusSeconds((i % 5) * 120L);
        String path = TrackingBench.PATHS.get(i % TrackingBench.PATHS.size());
        HitKind kind = i % 10 == 9 ? HitKind.DOWNLOAD : i % 15 == 14 ? HitKind.EVENT : HitKind.PAGEVIEW;
        int v = visitor % DEVICES.length;
        String section = path.startsWith("/blog/") ? "Blog" : path.startsWith("/shop/") ? "Shop" : null;
        return new HitTracked(runId + "-" + site + "-" + i, site, t, String.format("%016x", 0x5eed0000000L + visitor),
                null, kind, "https://bench.example" + path, "Page " + path, section,
                kind == HitKind.DOWNLOAD ? "https://bench.example/files/f" + (i % 40) + ".pdf" : null, null,
                REF_TYPES[v], REF_NAMES[v], kind == HitKind.EVENT ? "Video" : null, kind == HitKind.EVENT ? "Play" : null,
                null, null, null, null, null, null, DEVICES[(visitor / 3) % DEVICES.length], "Firefox", "Linux", false,
                "1920x1080", "en", false, null, null);
    }

    static Map<String, Double> latencies(TrackingBench.Run run, HttpClient http, String token, String site, int hits,
            int n, List<List<String>> rows) throws Exception {
        Map<String, Double> p95 = new LinkedHashMap<>();
        String[][] queries = {{"day", "2025-06-15"}, {"month", "2025-06-15"}, {"year", "2025-06-15"}};
        for (String segment : new String[] {null, "deviceType==smartphone"}) {
            for (String[] q : queries) {
                Latency l = new Latency();
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    JsonNode s = summary(run.metrics(), http, token, site, q[0], q[1], segment);
                    l.recordNanos(System.nanoTime() - t0);
                    if (i == 0 && q[0].equals("year") && s.path("nb_visits").asLong(0) == 0) {
                        throw new IllegalStateException("empty year report for " + site);
                    }
                }
                String name = q[0] + (segment == null ? "" : " + segment");
                p95.put(name, l.percentileMs(95));
                rows.add(List.of(Integer.toString(hits), "VisitsSummary.get " + name, Report.ms(l.percentileMs(50)),
                        Report.ms(l.percentileMs(95)), Report.ms(l.maxMs()), Long.toString(l.count())));
            }
        }
        return p95;
    }

    static Latency visible(TrackingBench.Run run, HttpClient http, String token, String site, int samples)
            throws Exception {
        Latency l = new Latency();
        String today = LocalDate.now(ZONE).toString();
        for (int i = 0; i < samples; i++) {
            long before = summary(run.metrics(), http, token, site, "day", today, null).path("nb_visits").asLong(0);
            String visitor = String.format("%016x", 0x7e570000000L + i + (long) (run.runId().hashCode() & 0xffff) * 1000);
            // A browser's user agent: this HTTP client's own is a library's, which counts as a bot (not reported).
            String body = "idsite=" + site + "&rec=1&send_image=0&_id=" + visitor + "&r=v" + i + "&url="
                    + URLEncoder.encode("https://bench.example/visible", StandardCharsets.UTF_8) + "&ua="
                    + URLEncoder.encode(TrackingBench.USER_AGENTS.get(0), StandardCharsets.UTF_8);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(run.metrics().resolve("/matomo.php"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            long acked = System.nanoTime();
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("matomo.php answered " + r.statusCode() + " " + r.body());
            }
            long deadline = acked + Duration.ofSeconds(60).toNanos();
            while (summary(run.metrics(), http, token, site, "day", today, null).path("nb_visits").asLong(0) <= before) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("hit not visible after 60 s");
                }
                Thread.sleep(5);
            }
            l.recordNanos(System.nanoTime() - acked);
        }
        return l;
    }

    static JsonNode summary(URI metrics, HttpClient http, String token, String site, String period, String date,
            String segment) throws Exception {
        String q = "/index.php?module=API&method=VisitsSummary.get&format=JSON&idSite=" + site + "&period=" + period
                + "&date=" + date + "&token_auth=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                + (segment == null ? "" : "&segment=" + URLEncoder.encode(segment, StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(metrics.resolve(q)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("VisitsSummary.get answered " + r.statusCode() + " " + r.body());
        }
        JsonNode n = JSON.readTree(r.body());
        return n.isArray() ? JSON.createObjectNode() : n;
    }
}
