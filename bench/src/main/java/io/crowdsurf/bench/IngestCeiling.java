package io.crowdsurf.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The ingest ceiling: the same generator, in the same run, against (a) a bare Vert.x endpoint in this process
 * that only answers 200 and (b) bot-gateway's signed Messenger webhook, which verifies the HMAC, parses, and
 * answers only after Kafka acknowledged the event. Then every acknowledged message id is looked up in Kafka.
 */
public final class IngestCeiling {

    private IngestCeiling() {
    }

    public static int run(Options o) throws Exception {
        Stack stack = Stack.from(o);
        int n = o.integer("requests", 20_000);
        int warmup = o.integer("warmup", 2_000);
        int concurrency = o.integer("concurrency", 64);
        String runId = Long.toString(System.currentTimeMillis(), 36);
        CpuMeter.identify(stack.portRoles());
        Report report = new Report("ingest-ceiling", o);
        report.put("run_id", runId);
        report.put("requests", n);
        report.put("warmup", warmup);
        report.put("concurrency", concurrency);
        // The consumers (dispatcher -> quiz-service -> bot-gateway's reply function) share these 2 cores with the
        // webhook path; on Knative they run elsewhere. Pausing them measures the webhook path alone.
        boolean pauseConsumers = o.flag("pause-consumers");
        report.put("consumers_paused", pauseConsumers);

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setBlockedThreadCheckInterval(60_000));
        HttpServer bare = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1")
                .setPort(o.integer("bare-port", 0)).setTcpNoDelay(true))
                .requestHandler(req -> req.body().onComplete(b -> req.response().setStatusCode(200).end("EVENT_RECEIVED")))
                .listen().toCompletionStage().toCompletableFuture().join();
        SendApiStub stub = null;
        try {
            stub = new SendApiStub(vertx, stack.stubPort());
        } catch (RuntimeException e) {
            report.line("note: Send API stub not started on port " + stack.stubPort() + " (" + e.getMessage()
                    + "); replies to these messages go wherever MESSENGER_GRAPH_URL points");
        }
        URI bareUri = URI.create("http://127.0.0.1:" + bare.actualPort() + "/webhooks/messenger");
        Messenger toBare = new Messenger(bareUri, stack.pageId(), stack.appSecret());
        Messenger toGateway = new Messenger(stack.webhook(), stack.pageId(), stack.appSecret());

        List<Driver.Req> bareWarm = bodies(toBare, "ic-" + runId + "-bw", warmup);
        List<Driver.Req> bareRun = bodies(toBare, "ic-" + runId + "-b", n);
        List<Driver.Req> gwWarm = bodies(toGateway, "ic-" + runId + "-gw", warmup);
        List<Driver.Req> gwRun = bodies(toGateway, "ic-" + runId + "-g", n);

        if (o.flag("bare-only")) {
            try (Driver driver = new Driver(vertx, concurrency)) {
                Burst.run("bare warm-up", driver, bareWarm);
                Burst.Result r = Burst.run("bare Vert.x 200", driver, bareRun);
                report.table("ingest-ceiling, bare endpoint only (" + n + " requests, concurrency " + concurrency + ")",
                        List.of("endpoint", "sent", "2xx", "req/s", "p50", "p95", "p99", "max"),
                        List.of(List.of(r.label(), Integer.toString(r.sent()), Integer.toString(r.acked()),
                                Report.num(r.acksPerSecond()), Report.ms(r.latency().percentileMs(50)),
                                Report.ms(r.latency().percentileMs(95)), Report.ms(r.latency().percentileMs(99)),
                                Report.ms(r.latency().maxMs()))));
                report.put("results", Map.of("bare", r.toJson()));
                report.write();
            } finally {
                if (stub != null) {
                    stub.close();
                }
                vertx.close().toCompletionStage().toCompletableFuture().join();
            }
            return 0;
        }

        Burst.Result bareResult;
        Burst.Result gwResult;
        KafkaLedger.Count durable;
        Map<String, Object> cpuBare;
        Map<String, Object> cpuGateway;
        Map<String, Object> profiles;
        try (Driver driver = new Driver(vertx, concurrency);
                KafkaLedger ledger = new KafkaLedger(stack.kafka(), stack.topic())) {
            System.out.printf("bare endpoint %s: %d warm-up + %d requests, concurrency %d%n", bareUri, warmup, n,
                    concurrency);
            Burst.run("bare warm-up", driver, bareWarm);
            CpuMeter.Snapshot c0 = CpuMeter.snapshot();
            bareResult = Burst.run("bare Vert.x 200", driver, bareRun);
            cpuBare = CpuMeter.between(c0, CpuMeter.snapshot());
            System.out.printf("bot-gateway %s: %d warm-up + %d signed webhooks%n", stack.webhook(), warmup, n);
            Map<TopicPartition, Long> before = ledger.snapshot();
            ConsumerPause pause = pauseConsumers ? ConsumerPause.dispatcher() : null;
            try {
                Burst.run("bot-gateway warm-up", driver, gwWarm);
                Profiler profiler = o.flag("profile")
                        ? new Profiler(List.of("bot-gateway"), Machine.repoRoot().resolve("bench/target/profiles")) : null;
                if (profiler != null) {
                    profiler.start();
                }
                CpuMeter.Snapshot c1 = CpuMeter.snapshot();
                gwResult = Burst.run("bot-gateway signed Messenger", driver, gwRun);
                cpuGateway = CpuMeter.between(c1, CpuMeter.snapshot());
                profiles = profiler == null ? null : profiler.stop();
            } finally {
                if (pause != null) {
                    pause.close();
                }
            }
            Map<TopicPartition, Long> after = ledger.snapshot();
            Set<String> ackedIds = new HashSet<>();
            for (int i = 0; i < gwRun.size(); i++) {
                if (gwResult.outcomes().get(i).ok()) {
                    ackedIds.add(mid("ic-" + runId + "-g", i));
                }
            }
            durable = ledger.count(before, after, ackedIds);
        } finally {
            if (stub != null) {
                stub.close();
            }
            bare.close().toCompletionStage().toCompletableFuture().join();
        }

        double ratio = bareResult.acksPerSecond() == 0 ? 0 : gwResult.acksPerSecond() / bareResult.acksPerSecond();
        List<List<String>> rows = new ArrayList<>();
        for (Burst.Result r : List.of(bareResult, gwResult)) {
            rows.add(List.of(r.label(), Integer.toString(r.sent()), Integer.toString(r.acked()),
                    Report.num(r.acksPerSecond()), Report.ms(r.latency().percentileMs(50)),
                    Report.ms(r.latency().percentileMs(95)), Report.ms(r.latency().percentileMs(99)),
                    Report.ms(r.latency().maxMs()), r.statuses().toString()));
        }
        report.table("ingest-ceiling (" + n + " requests each, concurrency " + concurrency + ", keep-alive, no pipelining, "
                + (pauseConsumers ? "consumers paused" : "consumers running") + ")",
                List.of("endpoint", "sent", "2xx", "req/s", "p50", "p95", "p99", "max", "statuses"), rows);
        boolean ratioOk = ratio >= 0.5;
        // nothing acked proves nothing: that is a miss, not a vacuous pass
        boolean durableOk = gwResult.acked() > 0 && durable.found() == gwResult.acked();
        report.table("ingest-ceiling goals", List.of("goal", "measured", "result"), List.of(
                List.of("bot-gateway ≥ 50 % of bare endpoint", String.format(java.util.Locale.ROOT, "%.1f %%", ratio * 100),
                        Report.passMiss(ratioOk)),
                List.of("every acked webhook durable in Kafka", durable.found() + " of " + gwResult.acked()
                        + " acked message ids in " + stack.topic() + " (" + durable.records() + " records)",
                        Report.passMiss(durableOk))));
        report.table("ingest-ceiling: CPU during the bot-gateway run (" + cpuGateway.get("wall_seconds")
                + " s, machine busy " + cpuGateway.get("machine_busy_pct") + " %)",
                List.of("process", "CPU", "share of all cores"), CpuMeter.rows(cpuGateway));
        if (profiles != null) {
            report.table("ingest-ceiling: JFR CPU samples of bot-gateway by code area", List.of("service", "area",
                    "samples"), Profiler.rows(profiles));
        }
        if (gwResult.firstError() != null) {
            report.line("first non-2xx from bot-gateway: " + gwResult.firstError());
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("bare", bareResult.toJson());
        results.put("bot_gateway", gwResult.toJson());
        results.put("ratio", Latency.round(ratio));
        results.put("cpu_bare", cpuBare);
        results.put("cpu_bot_gateway", cpuGateway);
        if (profiles != null) {
            results.put("profiles", profiles);
        }
        results.put("kafka", Map.of("topic", stack.topic(), "acked", gwResult.acked(), "found", durable.found(),
                "records", durable.records()));
        results.put("goals", Map.of("ratio_at_least_50pct", ratioOk, "acked_all_durable", durableOk));
        report.put("results", results);
        report.write();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        return ratioOk && durableOk ? 0 : 3;
    }

    static String mid(String prefix, int i) {
        return "m_" + prefix + "-" + i;
    }

    private static List<Driver.Req> bodies(Messenger m, String prefix, int count) {
        List<Driver.Req> reqs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            reqs.add(m.text("psid-" + prefix + "-" + i, mid(prefix, i), "hello"));
        }
        return reqs;
    }
}
