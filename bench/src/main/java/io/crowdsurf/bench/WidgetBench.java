package io.crowdsurf.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * {@code ./crowdsurf bench widget}: the artists' event-list widget behind its 10-second cache, in one run with one
 * generator ({@link Driver}): the bare endpoint (a Vert.x server in this process answering the same JSON bytes and
 * headers), then {@code /widget/artists/{artist}/events} for {@code --artists} artists chosen with a Zipf popularity
 * skew (a few artists get most requests, as on a sale day), without and with {@code If-None-Match}; the database
 * reads the service counted ({@code metrics_widget_db_reads_total} on {@code /q/metrics}) during each phase; and
 * {@code /l/{code}} redirects per second.
 */
public final class WidgetBench {

    private static final Pattern GC = Pattern.compile("(?m)^jvm_gc_pause_seconds_(count|sum)\\{[^}]*\\} ([0-9.eE+]+)");
    private static final Pattern READS = Pattern.compile("(?m)^metrics_widget_db_reads_total(?:\\{[^}]*\\})? ([0-9.eE+]+)");

    /** The widget's cache period (metrics.widget.cache-ttl): at most one read per artist per this many seconds. */
    static final double TTL_SECONDS = 10;

    private WidgetBench() {
    }

    public static int run(Options o) throws Exception {
        URI metrics = URI.create(o.string("metrics", "http://127.0.0.1:8084"));
        String token = o.string("admin-token", env("CROWDSURF_ADMIN_TOKEN", "dev-admin-token"));
        int artists = o.integer("artists", 1000);
        int requests = o.integer("requests", 20_000);
        int warmup = o.integer("warmup", 2_000);
        int concurrency = o.integer("concurrency", 64);
        double skew = o.decimal("skew", 1.1);
        int links = o.integer("links", 100);
        // The extra open-loop rows: "on sale days it went from a hundred requests per second to thousands" (issue 11).
        double rate = o.decimal("rate", 2_000);
        double rateSeconds = o.decimal("rate-seconds", 10);
        // metrics.widget.cache-keep-warm of the service under test (its default): an artist asked within this time
        // before a phase may legitimately be re-read during it, so the phase's read bound counts it.
        double keepWarm = o.decimal("keep-warm", 60);
        Asks asks = new Asks(artists, Math.max(keepWarm, TTL_SECONDS));
        String runId = Long.toString(System.currentTimeMillis(), 36);
        Report report = new Report("widget", o);
        report.put("run_id", runId);
        report.put("artists", artists);
        report.put("skew", skew);
        report.put("rate", rate);
        report.put("keep_warm_seconds", keepWarm);
        CpuMeter.identify(Map.of(metrics.getPort(), "metrics-service", o.integer("mongo-port", 27017), "MongoDB-wire"));

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        System.out.printf("storing %d artists' tours%n", artists);
        List<String> names = new ArrayList<>(artists);
        String sample = null;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<String>> puts = new ArrayList<>();
            for (int a = 0; a < artists; a++) {
                String artist = "bench-" + runId + "-" + a;
                names.add(artist);
                puts.add(pool.submit(() -> put(http, metrics, token, artist)));
            }
            for (Future<String> f : puts) {
                sample = f.get();
            }
        }
        // put() GETs every artist once after its PUT: asked, so the service may refresh them in the next phases.
        asks.markAll(System.nanoTime());
        int[] picks = zipf(artists, skew, warmup + requests, new Random(42));

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setBlockedThreadCheckInterval(60_000));
        byte[] body = sample.getBytes(StandardCharsets.UTF_8);
        // The widget's exact header set (names and values of the same lengths), so only the service's own work differs.
        String sampleEtag = sampleEtag(http, metrics, names.get(0));
        HttpServer bare = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0).setTcpNoDelay(true))
                .requestHandler(req -> req.response().putHeader("Cache-Control", "public, max-age=10")
                        .putHeader("ETag", sampleEtag).putHeader("Age", "3")
                        .putHeader("Access-Control-Allow-Origin", "*")
                        .putHeader("Access-Control-Expose-Headers", "ETag, Age")
                        .putHeader("Content-Type", "application/json").end(Buffer.buffer(body)))
                .listen().toCompletionStage().toCompletableFuture().join();
        long metricsPid = Ports.pidListeningOn(metrics.getPort()).orElse(-1L);
        List<List<String>> rows = new ArrayList<>();
        Map<String, Object> results = new LinkedHashMap<>();
        boolean ok;
        try (Driver driver = new Driver(vertx, concurrency)) {
            URI bareUri = URI.create("http://127.0.0.1:" + bare.actualPort() + "/widget/artists/x/events");
            Burst.run("bare warm-up", driver, gets(List.of(bareUri), new int[warmup], Map.of()));
            Counter dbReads = () -> reads(http, metrics);
            // The bare phases ask no artist, but the service's widget reads during them are counted all the same:
            // they are the background refreshes of artists asked before (the keep-warm's cost), bound like the rest.
            Phase bareP = phase("bare endpoint", driver, gets(List.of(bareUri), new int[requests], Map.of()),
                    dbReads, new int[0], asks, metricsPid, metrics, 0);
            List<URI> uris = names.stream().map(n -> metrics.resolve("/widget/artists/" + n + "/events")).toList();
            int[] warm = java.util.Arrays.copyOfRange(picks, 0, warmup);
            int[] load = java.util.Arrays.copyOfRange(picks, warmup, warmup + requests);
            Burst.run("widget warm-up", driver, gets(uris, warm, Map.of()));
            asks.mark(warm, System.nanoTime());
            // --profile: a JFR recording of this checkout's metrics-service during the plain widget phase.
            Profiler profiler = o.flag("profile") ? new Profiler(Profiler.devstackProcess("metrics-service"),
                    Machine.repoRoot().resolve("bench/target/profiles")) : null;
            if (profiler != null) {
                profiler.start();
            }
            Phase plain = phase("/widget/artists/{artist}/events", driver, gets(uris, load, Map.of()), dbReads, load,
                    asks, metricsPid, metrics, 0);
            Map<String, Object> profiles = profiler == null ? null : profiler.stop();
            Map<Integer, String> etags = etags(http, uris, load);
            asks.mark(load, System.nanoTime());
            List<Driver.Req> conditional = new ArrayList<>(load.length);
            for (int i : load) {
                conditional.add(new Driver.Req(uris.get(i), Map.of("If-None-Match", etags.get(i)), null));
            }
            Phase cond = phase("same, with If-None-Match", driver, conditional, dbReads, load, asks, metricsPid,
                    metrics, 0);
            List<URI> codes = new ArrayList<>();
            for (int l = 0; l < links; l++) {
                codes.add(metrics.resolve("/l/" + link(http, metrics, token, runId, l)));
            }
            // Extra rows, open loop at a fixed offered rate (after the saturation rows, which stay as the issue asks).
            int rateRequests = (int) Math.round(rate * rateSeconds);
            Phase bareRate = null;
            Phase plainRate = null;
            if (rateRequests > 0) {
                bareRate = phase("bare endpoint @ " + Report.num(rate) + " req/s", driver,
                        gets(List.of(bareUri), new int[rateRequests], Map.of()), dbReads, new int[0], asks,
                        metricsPid, metrics, rate);
                int[] ratePicks = zipf(artists, skew, rateRequests, new Random(43));
                plainRate = phase("/widget/artists/{artist}/events @ " + Report.num(rate) + " req/s", driver,
                        gets(uris, ratePicks, Map.of()), dbReads, ratePicks, asks, metricsPid, metrics, rate);
            }
            int[] linkPicks = zipf(links, skew, requests, new Random(7));
            Phase redirects = phase("/l/{code} (302)", driver, gets(codes, linkPicks, Map.of()), dbReads, new int[0],
                    asks, metricsPid, metrics, 0);

            double bareRps = bareP.rps;
            for (Phase p : List.of(bareP, plain, cond, redirects)) {
                rows.add(List.of(p.label, Integer.toString(p.sent), p.statuses.toString(), Report.num(p.rps),
                        p == bareP ? "—" : pct(bareRps == 0 ? 0 : p.rps / bareRps), Report.ms(p.latency.percentileMs(50)),
                        Report.ms(p.latency.percentileMs(95)), Report.ms(p.latency.percentileMs(99)),
                        Report.ms(p.latency.maxMs()), Long.toString(p.reads), p.artists + " × " + p.periods + " = " + p.readBound,
                        cpuPerRequest(p.serviceCpu, p.sent),
                        cpuPerRequest(p.benchCpu, p.sent), p.gcPauses + " / " + Report.ms(p.gcPauseSeconds * 1000)));
                results.put(p.label, p.toJson());
            }
            report.table("widget (concurrency " + concurrency + ", " + artists + " artists, Zipf s=" + skew
                    + ", keep-alive, no pipelining)", List.of("endpoint", "requests", "statuses", "req/s", "vs bare",
                    "p50", "p95", "p99", "max", "DB reads", "read bound", "metrics-service CPU/req",
                    "bench JVM CPU/req", "service GC pauses / total"), rows);
            boolean ratioOk = plain.rps >= 0.5 * bareRps && cond.rps >= 0.5 * bareRps;
            boolean readsOk = true;
            List<String> readFigures = new ArrayList<>();
            for (Phase p : bareRate == null ? List.of(bareP, plain, cond, redirects)
                    : List.of(bareP, plain, cond, bareRate, plainRate, redirects)) {
                readsOk &= p.reads <= p.readBound;
                readFigures.add(p.reads + " ≤ " + p.readBound);
            }
            boolean p99Ok = plain.latency.percentileMs(99) < 20 && cond.latency.percentileMs(99) < 20;
            boolean statusOk = plain.statuses.keySet().equals(Set.of(200)) && cond.statuses.keySet().equals(Set.of(304))
                    && redirects.statuses.keySet().equals(Set.of(302));
            List<List<String>> rateRows = new ArrayList<>();
            for (Phase p : bareRate == null ? List.<Phase>of() : List.of(bareRate, plainRate)) {
                rateRows.add(List.of(p.label, Report.num(rate), Integer.toString(p.sent), p.statuses.toString(),
                        Report.num(p.rps), Report.ms(p.latency.percentileMs(50)), Report.ms(p.latency.percentileMs(95)),
                        Report.ms(p.latency.percentileMs(99)), Report.ms(p.latency.percentileMs(99.9)),
                        Report.ms(p.latency.maxMs()), Long.toString(p.reads), p.artists + " × " + p.periods + " = " + p.readBound,
                        cpuPerRequest(p.serviceCpu, p.sent),
                        cpuPerRequest(p.benchCpu, p.sent), p.gcPauses + " / " + Report.ms(p.gcPauseSeconds * 1000)));
                results.put(p.label, p.toJson());
            }
            if (!rateRows.isEmpty()) {
                report.table("widget at a fixed offered rate (extra rows: open loop, " + Report.num(rate)
                        + " req/s for " + Report.num(rateSeconds) + " s, latency from each request's intended send time)",
                        List.of("endpoint", "offered req/s", "requests", "statuses", "answered req/s", "p50", "p95",
                                "p99", "p99.9", "max", "DB reads", "read bound", "metrics-service CPU/req",
                                "bench JVM CPU/req", "service GC pauses / total"), rateRows);
            }
            if (plainRate != null) {
                List<List<String>> secondRows = new ArrayList<>();
                for (Second sec : plainRate.perSecond) {
                    secondRows.add(List.of(Integer.toString(sec.second), Integer.toString(sec.requests),
                            Report.ms(sec.latency.percentileMs(50)), Report.ms(sec.latency.percentileMs(99)),
                            Report.ms(sec.latency.maxMs()), Integer.toString(sec.slow), Long.toString(sec.reads)));
                }
                report.table("widget @ " + Report.num(rate) + " req/s, per second of intended send time (DB reads: "
                        + "the service's counter, sampled every second)", List.of("second", "requests", "p50", "p99",
                        "max", "answers ≥ 20 ms", "DB reads"), secondRows);
                System.out.printf("gap between the If-None-Match row's end and the fixed-rate widget row's start: %.1f s%n",
                        (plainRate.startNanos - cond.endNanos) / 1e9);
                report.put("gap_seconds_before_rate_row", Latency.round((plainRate.startNanos - cond.endNanos) / 1e9));
            }
            boolean rateP99Ok = plainRate == null || plainRate.latency.percentileMs(99) < 20;
            boolean rateStatusOk = plainRate == null || plainRate.statuses.keySet().equals(Set.of(200))
                    && bareRate.statuses.keySet().equals(Set.of(200));
            List<List<String>> goals = new ArrayList<>();
            goals.add(List.of("≥ 50 % of the bare endpoint's req/s", pct(plain.rps / bareRps) + " / "
                    + pct(cond.rps / bareRps) + " (plain / If-None-Match)", Report.passMiss(ratioOk)));
            goals.add(List.of("DB reads ≤ 1 per artist per 10 s (every phase, in table order; bound = artists asked in "
                    + "the phase or within " + Report.num(asks.windowSeconds) + " s before it × 10 s periods spanned)",
                    String.join(", ", readFigures), Report.passMiss(readsOk)));
            goals.add(List.of("p99 < 20 ms at saturation (closed loop, " + concurrency + " connections; plain / If-None-Match rows)",
                    Report.ms(plain.latency.percentileMs(99)) + " / " + Report.ms(cond.latency.percentileMs(99))
                            + " (bare endpoint: " + Report.ms(bareP.latency.percentileMs(99)) + ")",
                    Report.passMiss(p99Ok)));
            if (plainRate != null) {
                goals.add(List.of("p99 < 20 ms at " + Report.num(rate) + " req/s offered (open loop; widget row)",
                        Report.ms(plainRate.latency.percentileMs(99)) + " (bare endpoint: "
                                + Report.ms(bareRate.latency.percentileMs(99)) + ")", Report.passMiss(rateP99Ok)));
            }
            goals.add(List.of("every answer 200 / 304 / 302", plain.statuses + " " + cond.statuses + " "
                    + redirects.statuses + (plainRate == null ? "" : " " + bareRate.statuses + " " + plainRate.statuses),
                    Report.passMiss(statusOk && rateStatusOk)));
            report.table("widget goals", List.of("goal", "measured", "result"), goals);
            if (profiles != null) {
                report.table("widget: JFR CPU samples of metrics-service by code area (plain widget phase)",
                        List.of("service", "area", "samples"), Profiler.rows(profiles));
                results.put("profiles", profiles);
            }
            report.put("phases", results);
            ok = ratioOk && readsOk && p99Ok && statusOk && rateP99Ok && rateStatusOk;
        } finally {
            bare.close().toCompletionStage().toCompletableFuture().join();
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        report.write();
        return ok ? 0 : 3;
    }

    /** One measured phase; {@code reads} counted by the service over its duration. */
    static final class Phase {
        String label;
        int sent;
        Map<Integer, Integer> statuses;
        double rps;
        double seconds;
        Latency latency;
        long reads;
        long readBound;
        /** Artists the service may legitimately read during the phase, and the 10 s periods the phase spans. */
        int artists;
        long periods;
        long startNanos;
        long endNanos;
        /** Open-loop phases only: per second of intended send time. */
        List<Second> perSecond = List.of();
        /** CPU seconds (user + system) of metrics-service and of this JVM (generator; the bare server too). */
        double serviceCpu;
        double benchCpu;
        /** metrics-service's stop-the-world GC pauses during the phase ({@code jvm_gc_pause_seconds}). */
        long gcPauses;
        double gcPauseSeconds;

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sent", sent);
            m.put("statuses", statuses);
            m.put("seconds", Latency.round(seconds));
            m.put("requests_per_second", Latency.round(rps));
            m.put("latency", latency.summary());
            m.put("db_reads", reads);
            m.put("db_read_bound", readBound);
            m.put("read_bound_artists", artists);
            m.put("read_bound_periods", periods);
            if (!perSecond.isEmpty()) {
                List<Map<String, Object>> secs = new ArrayList<>();
                for (Second sec : perSecond) {
                    Map<String, Object> x = new LinkedHashMap<>();
                    x.put("second", sec.second);
                    x.put("requests", sec.requests);
                    x.put("latency", sec.latency.summary());
                    x.put("answers_20ms_or_more", sec.slow);
                    x.put("db_reads", sec.reads);
                    secs.add(x);
                }
                m.put("per_second", secs);
            }
            m.put("metrics_service_cpu_seconds", Latency.round(serviceCpu));
            m.put("bench_jvm_cpu_seconds", Latency.round(benchCpu));
            m.put("metrics_service_cpu_us_per_request", sent == 0 ? null : Latency.round(serviceCpu * 1e6 / sent));
            m.put("bench_jvm_cpu_us_per_request", sent == 0 ? null : Latency.round(benchCpu * 1e6 / sent));
            m.put("metrics_service_gc_pauses", gcPauses);
            m.put("metrics_service_gc_pause_seconds", Latency.round(gcPauseSeconds));
            return m;
        }
    }

    interface Counter {
        long get() throws Exception;
    }

    /**
     * One measured phase. {@code picks}: the artists it asks (empty for the bare and redirect phases); {@code rate}
     * > 0: open loop at that many requests/s ({@link Burst#runAtRate}), else closed loop.
     */
    static Phase phase(String label, Driver driver, List<Driver.Req> reqs, Counter reads, int[] picks, Asks asks,
            long servicePid, URI metricsUri, double rate) throws Exception {
        System.out.printf("%s: %d requests%n", label, reqs.size());
        long self = ProcessHandle.current().pid();
        double serviceBefore = CpuMeter.cpuSeconds(servicePid);
        double benchBefore = CpuMeter.cpuSeconds(self);
        double[] gcBefore = gcPauses(metricsUri);
        long start = System.nanoTime();
        long before = reads.get();
        // Artists asked within the keep-warm window before the phase: the service may re-read them during it.
        Set<Integer> readable = asks.since(start);
        ReadSampler sampler = rate > 0 ? new ReadSampler(reads) : null;
        Burst.Result r;
        try {
            r = rate > 0 ? Burst.runAtRate(label, driver, reqs, rate) : Burst.run(label, driver, reqs);
        } finally {
            if (sampler != null) {
                sampler.stop();
            }
        }
        long after = reads.get();
        long end = System.nanoTime();
        double serviceAfter = CpuMeter.cpuSeconds(servicePid);
        double benchAfter = CpuMeter.cpuSeconds(self);
        double[] gcAfter = gcPauses(metricsUri);
        asks.mark(picks, end);
        Phase p = new Phase();
        p.label = label;
        p.sent = r.sent();
        p.statuses = r.statuses();
        p.seconds = r.seconds();
        p.startNanos = start;
        p.endNanos = end;
        // Latency of every answer (Burst's own counts only 2xx; 304 and 302 are the expected answers here).
        p.latency = new Latency();
        int answered = 0;
        for (Driver.Outcome o : r.outcomes()) {
            if (o.status() > 0 && o.status() < 500) {
                p.latency.recordNanos(o.latencyNanos());
                answered++;
            }
        }
        p.rps = r.seconds() <= 0 ? 0 : answered / r.seconds();
        p.reads = after - before;
        for (int i : picks) {
            readable.add(i);
        }
        p.artists = readable.size();
        p.serviceCpu = serviceBefore < 0 || serviceAfter < 0 ? -1 : serviceAfter - serviceBefore;
        p.benchCpu = benchAfter - benchBefore;
        p.gcPauses = (long) (gcAfter[0] - gcBefore[0]);
        p.gcPauseSeconds = gcAfter[1] - gcBefore[1];
        // At most one read per artist per 10 s: n reads of one artist span ≥ (n - 1) × 10 s, so over the counted
        // interval (counter read before to counter read after) at most ⌊interval / 10 s⌋ + 1 of them.
        p.periods = (long) Math.floor((end - start) / 1e9 / TTL_SECONDS) + 1;
        p.readBound = p.artists * p.periods;
        if (sampler != null) {
            p.perSecond = perSecond(r.outcomes(), sampler.samples());
        }
        return p;
    }

    /** One second of an open-loop phase, by intended send time. */
    static final class Second {
        int second;
        int requests;
        int slow;
        long reads;
        final Latency latency = new Latency();
    }

    static List<Second> perSecond(List<Driver.Outcome> outcomes, List<long[]> samples) {
        long first = Long.MAX_VALUE;
        for (Driver.Outcome o : outcomes) {
            first = Math.min(first, o.startNanos());
        }
        List<Second> out = new ArrayList<>();
        for (Driver.Outcome o : outcomes) {
            int sec = (int) ((o.startNanos() - first) / 1_000_000_000L);
            while (out.size() <= sec) {
                Second x = new Second();
                x.second = out.size();
                out.add(x);
            }
            Second x = out.get(sec);
            x.requests++;
            x.latency.recordNanos(o.latencyNanos());
            if (o.latencyNanos() >= 20_000_000L) {
                x.slow++;
            }
        }
        // Each sample is (time, counter); the reads between two samples go to the second the later one falls in.
        for (int i = 1; i < samples.size(); i++) {
            int sec = (int) Math.max(0, (samples.get(i)[0] - first) / 1_000_000_000L);
            if (sec < out.size()) {
                out.get(sec).reads += samples.get(i)[1] - samples.get(i - 1)[1];
            }
        }
        return out;
    }

    /** Reads the service's read counter about every 500 ms during an open-loop phase. */
    static final class ReadSampler {
        private final List<long[]> samples = new ArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;

        ReadSampler(Counter reads) {
            thread = Thread.ofPlatform().daemon().name("widget-read-sampler").start(() -> {
                while (running) {
                    try {
                        long v = reads.get();
                        synchronized (samples) {
                            samples.add(new long[] {System.nanoTime(), v});
                        }
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        // A failed scrape leaves a gap; the next sample covers it.
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
        }

        List<long[]> samples() {
            synchronized (samples) {
                return new ArrayList<>(samples);
            }
        }
    }

    /**
     * When the bench last asked each artist (the end of the phase, warm-up or ETag fetch that asked it, which is no
     * earlier than its last request): the service may refresh an artist for {@code window} after that (the keep-warm
     * time, or at least one 10 s period: a page asked during its period is refreshed once when it turns 10 s old).
     */
    static final class Asks {
        final double windowSeconds;
        private final long[] last;

        Asks(int artists, double windowSeconds) {
            this.windowSeconds = windowSeconds;
            this.last = new long[artists];
            java.util.Arrays.fill(last, Long.MIN_VALUE);
        }

        void markAll(long at) {
            java.util.Arrays.fill(last, at);
        }

        void mark(int[] picks, long at) {
            for (int i : picks) {
                last[i] = at;
            }
        }

        /** Artists asked less than the window before {@code start}. */
        Set<Integer> since(long start) {
            long window = (long) (windowSeconds * 1e9);
            Set<Integer> out = new HashSet<>();
            for (int i = 0; i < last.length; i++) {
                if (last[i] != Long.MIN_VALUE && start - last[i] < window) {
                    out.add(i);
                }
            }
            return out;
        }
    }

    static List<Driver.Req> gets(List<URI> uris, int[] picks, Map<String, String> headers) {
        List<Driver.Req> out = new ArrayList<>(picks.length);
        for (int i : picks) {
            out.add(new Driver.Req(uris.get(i), headers, null));
        }
        return out;
    }

    static int distinct(int[] picks) {
        Set<Integer> s = new HashSet<>();
        for (int i : picks) {
            s.add(i);
        }
        return s.size();
    }

    /** {@code n} draws of ranks 0..size-1 with P(rank k) ∝ 1/(k+1)^s. */
    static int[] zipf(int size, double s, int n, Random random) {
        double[] cdf = new double[size];
        double sum = 0;
        for (int k = 0; k < size; k++) {
            sum += 1.0 / Math.pow(k + 1, s);
            cdf[k] = sum;
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble() * sum;
            int lo = 0;
            int hi = size - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cdf[mid] < u) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            out[i] = lo;
        }
        return out;
    }

    static String put(HttpClient http, URI metrics, String token, String artist) throws IOException, InterruptedException {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(30);
        StringBuilder events = new StringBuilder();
        String[] cities = {"Berlin", "Hamburg", "Wien", "Zürich", "Praha", "Warszawa", "København", "Amsterdam"};
        for (int i = 0; i < cities.length; i++) {
            events.append(i == 0 ? "" : ",").append("{\"date\":\"").append(day.plusDays(3L * i))
                    .append("\",\"time\":\"20:00\",\"city\":\"").append(cities[i]).append("\",\"venue\":\"Arena ")
                    .append(i).append("\",\"ticketUrl\":\"https://tickets.example/").append(artist).append('/').append(i)
                    .append("\",\"status\":\"").append(i % 3 == 2 ? "sold-out" : "on-sale")
                    .append("\",\"timeZone\":\"Europe/Berlin\"}");
        }
        String body = "{\"name\":\"" + artist + "\",\"site\":\"bench-widget\",\"events\":[" + events + "]}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(metrics.resolve("/api/v1/artists/" + artist + "/events"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("PUT artist " + artist + ": " + r.statusCode() + " " + r.body());
        }
        HttpResponse<String> pub = http.send(HttpRequest.newBuilder(metrics.resolve("/widget/artists/" + artist + "/events"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return pub.body();
    }

    static String link(HttpClient http, URI metrics, String token, String runId, int l) throws IOException,
            InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(metrics.resolve("/api/v1/links"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"target\":\"https://tickets.example/" + runId + "/" + l
                        + "\",\"campaign\":\"bench\"}")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("POST link: " + r.statusCode() + " " + r.body());
        }
        Matcher m = Pattern.compile("\"code\":\"([^\"]+)\"").matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("no code in " + r.body());
        }
        return m.group(1);
    }

    /** The current ETag of every artist the load will ask for (a GET each, outside the measured phases). */
    static Map<Integer, String> etags(HttpClient http, List<URI> uris, int[] picks) throws IOException,
            InterruptedException {
        Map<Integer, String> out = new HashMap<>();
        for (int i : picks) {
            if (!out.containsKey(i)) {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uris.get(i)).build(),
                        HttpResponse.BodyHandlers.discarding());
                out.put(i, r.headers().firstValue("ETag").orElse("\"none\""));
            }
        }
        return out;
    }

    /** metrics-service's GC pauses so far: count and seconds, summed over collectors and causes. */
    static double[] gcPauses(URI metrics) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics.resolve("/q/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            double[] out = new double[2];
            Matcher m = GC.matcher(r.body());
            while (m.find()) {
                out[m.group(1).equals("count") ? 0 : 1] += Double.parseDouble(m.group(2));
            }
            return out;
        } catch (IOException e) {
            return new double[2];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new double[2];
        }
    }

    static long reads(HttpClient http, URI metrics) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(metrics.resolve("/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = READS.matcher(r.body());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }

    /** CPU time per request in µs; "—" when the process could not be read. */
    static String cpuPerRequest(double cpuSeconds, int requests) {
        return cpuSeconds < 0 || requests == 0 ? "—" : String.format(Locale.ROOT, "%.0f µs", cpuSeconds * 1e6 / requests);
    }

    /** One real ETag of the widget, for the bare endpoint's copy of its headers. */
    static String sampleEtag(HttpClient http, URI metrics, String artist) throws IOException, InterruptedException {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(metrics.resolve("/widget/artists/" + artist + "/events"))
                .build(), HttpResponse.BodyHandlers.discarding());
        return r.headers().firstValue("ETag").orElse("\"bare\"");
    }

    private static String pct(double ratio) {
        return String.format(Locale.ROOT, "%.1f %%", ratio * 100);
    }

    private static String env(String name, String def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : v;
    }
}
