package io.crowdsurf.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.cloudevents.CloudEvent;
import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.KafkaCodec;
import io.crowdsurf.events.data.AlertEvaluationRequested;
import io.crowdsurf.testsupport.OpenMeteoStub;

/**
 * {@code ./crowdsurf bench alerts}: 100,000 alerts over 5,000 places (one 0.1° grid cell each, a realistic mix of
 * conditions) in a packaged alert-service of the benchmark's own — its own in-memory MongoDB-wire server, its own
 * topic on the stack's Kafka (so nothing reaches the web chat), the local Open-Meteo stub counting requests. The
 * benchmark plays the broker for the run's batch events (two deliveries in flight: the machine's cores). Two runs:
 * the 02:00 forecast refresh, then an hourly run, which must make no forecast request.
 */
public final class AlertsBench {

    private static final String EVAL = EventType.ALERT_EVALUATION_REQUESTED.type();
    private static final byte[] EVAL_BYTES = EVAL.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    /** HTTP/1.1 as the broker and the platforms speak it (the JDK's default h2c upgrade is not what they send). */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private AlertsBench() {
    }

    /**
     * @param serviceCpuS CPU seconds alert-service used during the run
     * @param benchCpuS CPU seconds of the benchmark's JVM, which hosts the MongoDB-wire server and the Open-Meteo stub
     */
    record Run(String name, long wallMs, int alerts, int batches, long forecastRequests, long mongoOps, long found,
            long cancelled, double serviceCpuS, double benchCpuS) {
    }

    public static int run(Options o) throws Exception {
        int alerts = o.integer("alerts", 100_000);
        int places = o.integer("places", 5_000);
        // Kafka and the service's port follow CROWDSURF_PORT_OFFSET / --port-offset as in every other bench (Stack): with
        // an offset the stack's Kafka is not on 9092, and two checkouts' benches must not share the service's port.
        int offset = o.integer("port-offset", Integer.parseInt(System.getenv().getOrDefault("CROWDSURF_PORT_OFFSET", "0")));
        int port = o.integer("port", 18183 + offset);
        int concurrency = o.integer("concurrency", 16);
        int deliveries = o.integer("deliveries", 2);
        int cellsPerRequest = o.integer("cells-per-request", 100);
        int batchCells = o.integer("batch-cells", 500);
        String kafka = Stack.from(o).kafka();
        Path repo = Machine.repoRoot();
        // --jar: another build of alert-service (e.g. main's) to compare with, under the same conditions.
        Path jar = Path.of(o.string("jar", repo.resolve("alert-service/target/quarkus-app/quarkus-run.jar").toString()));
        if (!Files.exists(jar)) {
            throw new IllegalArgumentException("no " + jar + ": ./mvnw -B -pl alert-service -am package -DskipTests");
        }
        Report report = new Report("alerts", o);
        report.put("alerts", alerts);
        report.put("places", places);
        String topic = "bench.alerts." + UUID.randomUUID().toString().substring(0, 8);
        String admin = "bench-admin-token";

        OpenMeteoStub stub = new OpenMeteoStub(0, java.time.Clock.systemUTC()).weather(AlertsBench::weather);
        MongoServer mongo = new MongoServer(new MemoryBackend());
        java.net.InetSocketAddress mongoAddress = mongo.bind();
        Path log = repo.resolve("bench/target/alerts-bench-alert-service.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx768m",
                "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
        env.put("QUARKUS_MONGODB_CONNECTION_STRING", "mongodb://127.0.0.1:" + mongoAddress.getPort());
        env.put("CROWDSURF_EVENTS_TOPIC", topic);
        env.put("CROWDSURF_ADMIN_TOKEN", admin);
        env.put("ALERT_LINK_SIGNING_KEY", "bench-link-key");
        env.put("OPEN_METEO_URL", stub.baseUrl());
        env.put("ALERT_CELLS_PER_REQUEST", Integer.toString(cellsPerRequest));
        env.put("ALERT_BATCH_CELLS", Integer.toString(batchCells));
        env.put("ALERT_MAX_ALERTS_PER_OWNER", "1000");
        env.remove("CROWDSURF_EVENTS_SIGNING_KEY");
        Process service = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(service::destroy));
        URI base = URI.create("http://127.0.0.1:" + port);
        try {
            awaitReady(base, service, log);
            System.out.printf("alert-service (pid %d) ready on %s; MongoDB-wire :%d; Open-Meteo stub %s; topic %s%n",
                    service.pid(), base, mongoAddress.getPort(), stub.baseUrl(), topic);

            long seedStart = System.nanoTime();
            int cells = seed(base, admin, alerts, places, concurrency);
            long seedMs = (System.nanoTime() - seedStart) / 1_000_000;
            System.out.printf("seeded %,d alerts in %,d cells in %,d ms (%.0f/s through the API)%n", alerts, cells, seedMs,
                    alerts * 1000.0 / seedMs);
            long rssAfterSeed = Machine.rssKib(service.pid()).orElse(-1L);

            Profiler profiler = o.flag("profile") ? new Profiler(Map.of("alert-service", service.pid(),
                    "MongoDB-wire (bench JVM)", ProcessHandle.current().pid()), repo.resolve("bench/target/profiles")) : null;
            if (profiler != null) {
                profiler.start();
            }
            List<Run> runs = new ArrayList<>();
            try (KafkaConsumer<String, byte[]> consumer = consumer(kafka, topic)) {
                stub.reset();
                stub.weather(AlertsBench::weather);
                runs.add(evaluate("1: forecast refresh (02:00)", "forecast-refresh", service, base, stub, consumer, alerts, cells,
                        batchCells, deliveries));
                runs.add(evaluate("2: hourly, after the refresh", "hourly", service, base, stub, consumer, alerts, cells,
                        batchCells, deliveries));
            }
            long peak = peakRssKib(service.pid());
            Map<String, Object> profiles = profiler == null ? null : profiler.stop();

            List<List<String>> rows = new ArrayList<>();
            for (Run r : runs) {
                rows.add(List.of(r.name(), String.format(Locale.ROOT, "%,d", r.alerts()), Integer.toString(r.batches()),
                        String.format(Locale.ROOT, "%.2f s", r.wallMs() / 1000.0),
                        String.format(Locale.ROOT, "%,.0f", r.alerts() * 1000.0 / Math.max(1, r.wallMs())),
                        Long.toString(r.forecastRequests()), String.format(Locale.ROOT, "%,d", r.mongoOps()),
                        String.format(Locale.ROOT, "%,d / %,d", r.found(), r.cancelled()),
                        String.format(Locale.ROOT, "%.1f s", r.serviceCpuS()), String.format(Locale.ROOT, "%.1f s", r.benchCpuS())));
            }
            int maxRequests = (cells + cellsPerRequest - 1) / cellsPerRequest;
            report.table(String.format(Locale.ROOT, "alerts: %,d alerts over %,d places (cells), %d cells per request, "
                    + "%d cells per batch, %d deliveries in flight", alerts, cells, cellsPerRequest, batchCells, deliveries),
                    List.of("run", "alerts evaluated", "batches", "wall time", "alerts/s", "forecast requests",
                            "MongoDB operations", "found / cancelled", "CPU alert-service",
                            "CPU bench JVM (MongoDB-wire, stub)"), rows);
            report.line(String.format(Locale.ROOT, "alert-service peak RSS (VmHWM, seeding included): %,d MiB; RSS after "
                    + "seeding %,d MiB; seeding through the API: %,d ms", peak / 1024, rssAfterSeed / 1024, seedMs));
            boolean wallOk = runs.get(0).wallMs() < 30_000;
            boolean requestsOk = runs.get(0).forecastRequests() <= maxRequests;
            boolean secondOk = runs.get(1).forecastRequests() == 0;
            report.table("goals", List.of("goal", "measured", "met"), List.of(
                    List.of("full run < 30 s", String.format(Locale.ROOT, "%.2f s", runs.get(0).wallMs() / 1000.0), yes(wallOk)),
                    List.of("forecast requests ≤ ⌈cells ÷ cells-per-request⌉ = " + maxRequests,
                            Long.toString(runs.get(0).forecastRequests()), yes(requestsOk)),
                    List.of("second run after a refresh: 0 forecast requests", Long.toString(runs.get(1).forecastRequests()),
                            yes(secondOk))));
            if (profiles != null) {
                report.table("JFR CPU samples by code area (both runs)", List.of("process", "area", "share"),
                        Profiler.rows(profiles));
                report.put("profiles", profiles);
            }
            report.line("jar: " + jar);
            report.line("load average at end: " + Machine.loadAverage());
            report.put("runs", runs);
            report.put("peak_rss_kib", peak);
            report.put("seed_ms", seedMs);
            report.write();
            return wallOk && requestsOk && secondOk ? 0 : 3;
        } finally {
            service.destroy();
            service.waitFor();
            stub.close();
            mongo.shutdownNow();
        }
    }

    private static String yes(boolean b) {
        return b ? "yes" : "**no**";
    }

    /** One run: the schedule's event, then every batch it publishes delivered like the broker would. */
    private static Run evaluate(String name, String reason, Process service, URI base, OpenMeteoStub stub,
            KafkaConsumer<String, byte[]> consumer, int alerts, int cells, int batchCells, int deliveries) throws Exception {
        long requestsBefore = stub.requests();
        Map<String, Double> before = metrics(base);
        String runId = "bench-" + reason + "-" + UUID.randomUUID();
        int expected = cells <= batchCells ? 0 : (cells + batchCells - 1) / batchCells;
        long serviceCpu = (long) (CpuMeter.cpuSeconds(service.pid()) * 1000);
        long benchCpu = (long) (CpuMeter.cpuSeconds(ProcessHandle.current().pid()) * 1000);
        long start = System.nanoTime();
        post(base, runId, "/crowdsurf/schedule", new AlertEvaluationRequested(reason, Instant.now()));
        List<CloudEvent> batches = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, deliveries));
        List<Future<?>> done = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (batches.size() < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                // Only the batch events are delivered: the 600,000+ found events and replies of a refresh are skipped on
                // their type header instead of each being decoded into a CloudEvent (a third of this JVM's CPU).
                org.apache.kafka.common.header.Header type = r.headers().lastHeader("ce_type");
                if (type != null && !Arrays.equals(type.value(), EVAL_BYTES)) {
                    continue;
                }
                CloudEvent e = KafkaCodec.fromRecord(r);
                if (EVAL.equals(e.getType()) && runId.equals(e.getSubject()) && seen.add(e.getId())) {
                    batches.add(e);
                    AlertEvaluationRequested data = EventJson.read(e.getData().toBytes(), AlertEvaluationRequested.class);
                    done.add(pool.submit(() -> {
                        post(base, e.getId(), e.getSource().toString(), data);
                        return null;
                    }));
                }
            }
        }
        for (Future<?> f : done) {
            f.get();
        }
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        pool.shutdown();
        if (batches.size() < expected) {
            throw new IllegalStateException("only " + batches.size() + " of " + expected + " batches arrived");
        }
        Map<String, Double> after = metrics(base);
        Run r = new Run(name, wallMs, (int) delta(before, after, "alert_evaluations_total"), Math.max(1, batches.size()),
                stub.requests() - requestsBefore, (long) delta(before, after, "alert_mongo_operations_total"),
                (long) delta(before, after, "alert_opportunities_total{kind=\"found\""),
                (long) delta(before, after, "alert_opportunities_total{kind=\"cancelled\""),
                CpuMeter.cpuSeconds(service.pid()) - serviceCpu / 1000.0,
                CpuMeter.cpuSeconds(ProcessHandle.current().pid()) - benchCpu / 1000.0);
        System.out.printf("run %s: %s%n", name, r);
        return r;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String prefix) {
        return sum(after, prefix) - sum(before, prefix);
    }

    private static double sum(Map<String, Double> m, String prefix) {
        return m.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToDouble(Map.Entry::getValue).sum();
    }

    /** The service's Prometheus counters, by series. */
    private static Map<String, Double> metrics(URI base) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/q/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            try {
                out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                // not a sample line
            }
        }
        return out;
    }

    private static void post(URI base, String id, String source, AlertEvaluationRequested data) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/")).timeout(Duration.ofMinutes(5))
                .header("ce-specversion", "1.0").header("ce-id", id).header("ce-type", EVAL).header("ce-source", source)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(EventJson.write(data))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 204) {
            throw new IllegalStateException("evaluation " + id + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    /**
     * {@code alerts} alerts at {@code places} distinct cells (Europe and North America, 20 alerts per place), through
     * the API. The mix, a tenth each: golden hours alone; dry evening golden hour with little low cloud;
     * sunrise/sunset, dry, low cloud ≤ 40 %; snow at evening golden hour; snow or sleet for an hour or more; rain
     * 0.5–4 mm/h; blue hours with low cloud ≤ 30 %; noon at weekends; dry, cloud-free nights; civil or nautical
     * twilight on Fridays. 80 % a 48 h horizon, 20 % a week. Returns the number of cells.
     */
    private static int seed(URI base, String admin, int alerts, int places, int concurrency) throws Exception {
        Random random = new Random(42);
        List<double[]> spots = new ArrayList<>();
        Set<String> cells = new HashSet<>();
        while (spots.size() < places) {
            boolean europe = random.nextInt(3) > 0;
            double lat = europe ? 36 + random.nextDouble() * 24 : 30 + random.nextDouble() * 18;
            double lon = europe ? -9 + random.nextDouble() * 35 : -122 + random.nextDouble() * 52;
            String cell = (int) Math.floor(lat * 10) + ":" + (int) Math.floor(lon * 10);
            if (cells.add(cell)) {
                spots.add(new double[] {lat, lon});
            }
        }
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicInteger failures = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < alerts; i++) {
                double[] spot = spots.get(i % places);
                String conv = "webchat:bench:owner-" + (i % places);
                String body = String.format(Locale.ROOT, "{\"nickname\":\"bench %d\",\"owner\":{\"platform\":\"webchat\","
                        + "\"conversationId\":\"%s\"},\"location\":{\"latitude\":%.5f,\"longitude\":%.5f},\"conditions\":%s}",
                        i, conv, spot[0], spot[1], conditions(random));
                inFlight.acquire();
                pool.submit(() -> {
                    try {
                        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/v1/alerts"))
                                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 201 && failures.incrementAndGet() <= 3) {
                            System.err.println("create answered " + r.statusCode() + ": " + r.body());
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " alerts could not be created");
        }
        return cells.size();
    }

    static String conditions(Random r) {
        String horizon = r.nextInt(5) == 0 ? ",\"horizonHours\":168" : "";
        return switch (r.nextInt(10)) {
            case 0 -> "{\"light\":[\"morning-golden-hour\",\"evening-golden-hour\"]" + horizon + "}";
            case 1 -> "{\"light\":[\"evening-golden-hour\"],\"precipitation\":[\"none\"],\"maxLowCloud\":20" + horizon + "}";
            case 2 -> "{\"light\":[\"sunrise\",\"sunset\"],\"precipitation\":[\"none\"],\"maxLowCloud\":40" + horizon + "}";
            case 3 -> "{\"light\":[\"evening-golden-hour\"],\"precipitation\":[\"snow\"]" + horizon + "}";
            case 4 -> "{\"precipitation\":[\"snow\",\"sleet\"],\"minWindowMinutes\":60" + horizon + "}";
            case 5 -> "{\"precipitation\":[\"rain\"],\"precipitationMm\":{\"min\":0.5,\"max\":4}" + horizon + "}";
            case 6 -> "{\"light\":[\"morning-blue-hour\",\"evening-blue-hour\"],\"maxLowCloud\":30" + horizon + "}";
            case 7 -> "{\"light\":[\"noon\"],\"days\":[\"saturday\",\"sunday\"]" + horizon + "}";
            case 8 -> "{\"twilight\":[\"night\"],\"precipitation\":[\"none\"],\"maxLowCloud\":10" + horizon + "}";
            default -> "{\"twilight\":[\"civil\",\"nautical\"],\"days\":[\"friday\"]" + horizon + "}";
        };
    }

    /** Deterministic weather by cell and hour: mostly dry, showers, some snow in the north, a little sleet. */
    static OpenMeteoStub.Hour weather(double lat, double lon, long t) {
        long h = (long) (lat * 1000) * 31 + (long) (lon * 1000) * 17 + t / 3600;
        int k = (int) Math.floorMod(h * 2654435761L, 100);
        if (k < 55) {
            return new OpenMeteoStub.Hour(0, 0, 0, 0, k < 20 ? 0 : 2, k % 60, 30 + k % 70);
        }
        if (k < 80) {
            double mm = (k - 54) / 5.0;
            return OpenMeteoStub.Hour.rain(mm);
        }
        if (k < 93) {
            return lat > 45 ? OpenMeteoStub.Hour.snow((k - 79) / 10.0) : OpenMeteoStub.Hour.rain(0.4);
        }
        return new OpenMeteoStub.Hour(1.2, 0.6, 0, 0.4, k % 2 == 0 ? 66 : 73, 90, 100);
    }

    private static KafkaConsumer<String, byte[]> consumer(String kafka, String topic) {
        Map<String, Object> p = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-alerts-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (c.assignment().isEmpty() && System.nanoTime() < deadline) {
            c.poll(Duration.ofMillis(100));
        }
        return c;
    }

    private static void awaitReady(URI base, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("alert-service exited; see " + log);
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(base.resolve("/q/health/ready")).timeout(Duration.ofSeconds(2)).GET()
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("alert-service not ready within 120 s; see " + log);
    }

    private static long peakRssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
