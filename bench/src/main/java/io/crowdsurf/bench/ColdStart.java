package io.crowdsurf.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.crowdsurf.events.Service;

/**
 * Cold start of each service: wall time from process start to its first HTTP 200 on {@code /q/health/live}
 * (polled in a tight loop on a raw socket, 1 ms apart) and the process's RSS right then; for quiz-service also
 * the time to its first CloudEvent handled (a binary-mode {@code chat.message.received} POSTed to {@code /}
 * until it answers 2xx). Modes: every JDK ≥ 21 found with the fast-jar that {@code ./crowdsurf up} builds, and
 * JDK 25 with an AOT cache (the service built as {@code aot-jar}, cache recorded by a training run).
 * Kafka and MongoDB-wire must be up; the service under test runs on its own port next to the devstack's.
 */
public final class ColdStart {

    private static final Set<String> ALL = new LinkedHashSet<>(
            List.of("bot-gateway", "quiz-service", "alert-service", "metrics-service"));

    /** One way to launch a service. */
    record Mode(String name, Path javaHome, int jdkMajor, boolean aot) {
    }

    /** One measured start. */
    record Sample(long firstOkMs, long rssKib, long firstEventMs) {
    }

    /** {@code --jvm-opts}: the same extra JVM options for every mode, training run included (the cache needs that). */
    private static List<String> jvmOpts = List.of();

    private ColdStart() {
    }

    public static int run(Options o) throws Exception {
        Path repo = Machine.repoRoot();
        List<String> services = Arrays.stream(o.string("services", String.join(",", ALL)).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        int runs = o.integer("runs", 5);
        int port = o.integer("port", 18190);
        boolean withAot = Boolean.parseBoolean(o.string("aot", "true"));
        jvmOpts = Arrays.stream(o.string("jvm-opts", "").split(" ")).filter(s -> !s.isBlank()).toList();
        Report report = new Report("cold-start", o);
        report.put("runs", runs);
        report.put("jvm_opts", jvmOpts);

        List<Mode> modes = new ArrayList<>();
        for (Path jdk : jdks(o)) {
            int major = major(jdk);
            modes.add(new Mode("JDK " + major + " fast-jar", jdk, major, false));
        }
        Path aotJdk = modes.stream().filter(m -> m.jdkMajor() >= 25).map(Mode::javaHome).findFirst().orElse(null);
        if (withAot && aotJdk != null) {
            modes.add(new Mode("JDK 25 AOT cache", aotJdk, major(aotJdk), true));
        } else if (withAot) {
            report.line("note: no JDK 25+ found; AOT cache mode skipped");
        }
        report.put("modes", modes.stream().map(m -> Map.of("name", m.name(), "java_home", m.javaHome().toString()))
                .toList());

        Path work = repo.resolve("bench/target/cold-start");
        Files.createDirectories(work);
        if (modes.stream().anyMatch(Mode::aot)) {
            AotBuild.ensure(repo, services, aotJdk, o.flag("rebuild-aot"));
            Path commit = AotBuild.root(repo).resolve("commit");
            if (Files.exists(commit)) {
                report.put("aot_build_commit", Files.readString(commit).trim());
            }
        }

        List<List<String>> rows = new ArrayList<>();
        List<Map<String, Object>> json = new ArrayList<>();
        for (String service : services) {
            for (Mode mode : modes) {
                Path appDir = mode.aot() ? AotBuild.appDir(repo, service) : repo.resolve(service + "/target/quarkus-app");
                if (!Files.exists(appDir.resolve("quarkus-run.jar"))) {
                    report.line("skipped " + service + " / " + mode.name() + ": no " + appDir.resolve("quarkus-run.jar"));
                    continue;
                }
                List<String> extra = new ArrayList<>();
                if (mode.aot()) {
                    Path cache = appDir.resolve("app.aot");
                    if (!Files.exists(cache) || o.flag("retrain")) {
                        train(mode, service, appDir, cache, port, work);
                    }
                    // on: fail instead of silently running without the cache
                    extra.add("-XX:AOTMode=on");
                    extra.add("-XX:AOTCache=" + cache);
                }
                List<Sample> samples = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    Sample s = once(mode, service, appDir, extra, port, work.resolve(service + "-" + slug(mode) + "-" + i + ".log"));
                    samples.add(s);
                    System.out.printf("  %s / %s run %d: first 200 after %d ms, RSS %d MiB%s%n", service, mode.name(),
                            i + 1, s.firstOkMs(), s.rssKib() / 1024,
                            s.firstEventMs() >= 0 ? ", first event handled after " + s.firstEventMs() + " ms" : "");
                }
                long okMed = median(samples.stream().mapToLong(Sample::firstOkMs).toArray());
                long rssMed = median(samples.stream().mapToLong(Sample::rssKib).toArray());
                long evMed = service.equals("quiz-service")
                        ? median(samples.stream().mapToLong(Sample::firstEventMs).toArray()) : -1;
                long okMin = samples.stream().mapToLong(Sample::firstOkMs).min().orElse(0);
                long okMax = samples.stream().mapToLong(Sample::firstOkMs).max().orElse(0);
                rows.add(List.of(service, mode.name(), okMed + " ms", okMin + "–" + okMax + " ms",
                        (rssMed / 1024) + " MiB", evMed >= 0 ? evMed + " ms" : "–"));
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("service", service);
                m.put("mode", mode.name());
                m.put("java_home", mode.javaHome().toString());
                m.put("jvm_options", extra);
                m.put("first_200_ms_median", okMed);
                m.put("first_200_ms", samples.stream().map(Sample::firstOkMs).toList());
                m.put("rss_kib_median", rssMed);
                m.put("rss_kib", samples.stream().map(Sample::rssKib).toList());
                if (evMed >= 0) {
                    m.put("first_event_ms_median", evMed);
                    m.put("first_event_ms", samples.stream().map(Sample::firstEventMs).toList());
                }
                json.add(m);
            }
        }
        report.table("cold-start (median of " + runs + " runs; process start → first 200 on /q/health/live)",
                List.of("service", "JVM", "first 200 (median)", "range", "RSS at first 200 (median)",
                        "first event handled (quiz)"), rows);
        report.put("results", json);
        report.write();
        return 0;
    }

    private static String slug(Mode m) {
        return m.name().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    static List<String> command(Mode mode, Path appDir, List<String> extra) {
        List<String> cmd = new ArrayList<>();
        cmd.add(mode.javaHome().resolve("bin/java").toString());
        cmd.addAll(jvmOpts);
        cmd.addAll(extra);
        cmd.add("-jar");
        cmd.add(appDir.resolve("quarkus-run.jar").toString());
        return cmd;
    }

    static ProcessBuilder builder(String service, List<String> cmd, Path appDir, int port, Path log) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(appDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.putIfAbsent("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        env.putIfAbsent("QUARKUS_MONGODB_CONNECTION_STRING", "mongodb://localhost:27017");
        env.putIfAbsent("MESSENGER_APP_SECRET", "dev-messenger-secret");
        env.putIfAbsent("MESSENGER_VERIFY_TOKEN", "dev-verify-token");
        env.putIfAbsent("MESSENGER_PAGE_TOKEN", "dev-page-token");
        env.putIfAbsent("CROWDSURF_ADMIN_TOKEN", "dev-admin-token");
        // A benchmark instance must not talk to real platforms.
        env.put("MESSENGER_GRAPH_URL", "http://127.0.0.1:9");
        return pb;
    }

    static Sample once(Mode mode, String service, Path appDir, List<String> extra, int port, Path log)
            throws IOException, InterruptedException {
        awaitPortFree(port);
        ProcessBuilder pb = builder(service, command(mode, appDir, extra), appDir, port, log);
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            long deadline = t0 + TimeUnit.SECONDS.toNanos(90);
            while (true) {
                Http.Response r = Http.get("127.0.0.1", port, "/q/health/live", 2000);
                if (r.status() == 200) {
                    break;
                }
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(service + " (" + mode.name() + ") did not answer 200 on /q/health/live"
                            + (p.isAlive() ? " within 90 s" : ", exited " + p.exitValue()) + "; log " + log + ":\n"
                            + tail(log));
                }
                Thread.sleep(1);
            }
            long okMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            long rss = Machine.rssKib(p.pid()).orElse(0L);
            long eventMs = -1;
            if (service.equals("quiz-service")) {
                byte[] body = firstEventBody();
                Map<String, String> headers = cloudEventHeaders();
                while (true) {
                    Http.Response r = Http.call("127.0.0.1", port, "POST", "/", headers, body, 30_000);
                    if (r.ok()) {
                        break;
                    }
                    // connection trouble or 5xx (e.g. MongoDB not connected yet) is worth retrying; a 4xx is not
                    if (r.status() >= 400 && r.status() < 500 || !p.isAlive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException("quiz-service did not handle a CloudEvent: " + r.status() + " "
                                + Burst.abbreviate(r.body()));
                    }
                    Thread.sleep(2);
                }
                eventMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            }
            return new Sample(okMs, rss, eventMs);
        } finally {
            stop(p);
        }
    }

    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A fresh fan's first message, as bot-gateway publishes it and the dispatcher delivers it. */
    static Map<String, String> cloudEventHeaders() {
        String id = UUID.randomUUID().toString();
        Map<String, String> h = new LinkedHashMap<>();
        h.put("ce-specversion", "1.0");
        h.put("ce-id", "cold-start-" + id);
        h.put("ce-type", "com.crowdsurf.chat.message.received");
        h.put("ce-source", Service.BOT_GATEWAY.source() + "/webchat");
        h.put("ce-subject", "webchat:cold-start:" + id);
        h.put("ce-partitionkey", "webchat:cold-start:" + id);
        h.put("ce-time", Instant.now().toString());
        h.put("Content-Type", "application/json");
        h.put("X-Cold-Start-Id", id);
        return h;
    }

    static byte[] firstEventBody() {
        String session = "cold-" + UUID.randomUUID();
        String json = "{\"platform\":\"webchat\",\"botId\":\"cold-start\",\"userId\":\"" + session
                + "\",\"conversationId\":\"webchat:cold-start:" + session + "\",\"messageId\":\"" + session
                + "\",\"text\":\"hello\",\"choice\":null,\"referral\":null,\"userName\":null,\"platformTimestamp\":\""
                + Instant.now() + "\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The AOT training run: JDK 25 with {@code -XX:AOTCacheOutput}, the service exercised (health, metrics,
     * OpenAPI, its own endpoints), then a graceful stop, at which the JVM writes the cache.
     */
    static void train(Mode mode, String service, Path appDir, Path cache, int port, Path work)
            throws IOException, InterruptedException {
        System.out.printf("  training %s for the AOT cache (%s)%n", service, cache);
        Files.deleteIfExists(cache);
        awaitPortFree(port);
        Path log = work.resolve(service + "-aot-training.log");
        Process p = builder(service, command(mode, appDir, List.of("-XX:AOTCacheOutput=" + cache)), appDir, port, log)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (Http.get("127.0.0.1", port, "/q/health/live", 2000).status() != 200) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                stop(p);
                throw new IllegalStateException("training run of " + service + " did not start; log " + log + ":\n"
                        + tail(log));
            }
            Thread.sleep(20);
        }
        Http.get("127.0.0.1", port, "/q/health/ready", 10_000);
        for (int round = 0; round < 5; round++) {
            for (String path : List.of("/q/health/live", "/q/metrics", "/q/openapi")) {
                Http.get("127.0.0.1", port, path, 10_000);
            }
            switch (service) {
                case "quiz-service" -> {
                    for (int i = 0; i < 10; i++) {
                        Http.call("127.0.0.1", port, "POST", "/", cloudEventHeaders(), firstEventBody(), 30_000);
                    }
                    Http.call("127.0.0.1", port, "GET", "/api/v1/campaigns",
                            Map.of("Authorization", "Bearer " + System.getenv().getOrDefault("CROWDSURF_ADMIN_TOKEN",
                                    "dev-admin-token")), null, 30_000);
                }
                case "bot-gateway" -> {
                    Http.get("127.0.0.1", port,
                            "/webhooks/messenger?hub.mode=subscribe&hub.verify_token=dev-verify-token&hub.challenge=42",
                            30_000);
                    byte[] body = "{\"object\":\"page\",\"entry\":[]}".getBytes(StandardCharsets.UTF_8);
                    Http.call("127.0.0.1", port, "POST", "/webhooks/messenger",
                            Map.of("Content-Type", "application/json", Signer.HEADER, "sha256=00"), body, 30_000);
                    Http.call("127.0.0.1", port, "POST", "/webhooks/messenger",
                            Map.of("Content-Type", "application/json", Signer.HEADER,
                                    new Signer(System.getenv().getOrDefault("MESSENGER_APP_SECRET",
                                            "dev-messenger-secret")).sign(body)), body, 30_000);
                }
                default -> {
                }
            }
        }
        p.destroy();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("training run of " + service + " did not exit within 300 s");
        }
        if (!Files.exists(cache)) {
            throw new IllegalStateException("training run of " + service + " wrote no " + cache + "; log " + log + ":\n"
                    + tail(log));
        }
        System.out.printf("  AOT cache for %s: %d MiB%n", service, Files.size(cache) / (1024 * 1024));
    }

    static void awaitPortFree(int port) throws InterruptedException {
        for (int i = 0; i < 300 && Http.get("127.0.0.1", port, "/", 200).status() != 0; i++) {
            Thread.sleep(100);
        }
    }

    static long median(long[] values) {
        if (values.length == 0) {
            return -1;
        }
        long[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** {@code --jdks=dir,dir}, else every JDK ≥ 21 under /usr/lib/jvm and JAVA_HOME, one per real path. */
    static List<Path> jdks(Options o) throws IOException {
        Set<Path> found = new LinkedHashSet<>();
        String given = o.string("jdks", "");
        if (!given.isBlank()) {
            for (String s : given.split(",")) {
                found.add(Path.of(s.trim()).toRealPath());
            }
            return List.copyOf(found);
        }
        List<Path> candidates = new ArrayList<>();
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null) {
            candidates.add(Path.of(javaHome));
        }
        candidates.add(Path.of(System.getProperty("java.home")));
        Path jvm = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvm)) {
            try (Stream<Path> s = Files.list(jvm)) {
                s.sorted().forEach(candidates::add);
            }
        }
        for (Path c : candidates) {
            if (Files.isExecutable(c.resolve("bin/java")) && major(c) >= 21) {
                found.add(c.toRealPath());
            }
        }
        return found.stream().sorted((a, b) -> Integer.compare(major(a), major(b))).toList();
    }

    /** The feature release from the JDK's {@code release} file ({@code JAVA_VERSION="25.0.1"}), 0 if unknown. */
    static int major(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring(line.indexOf('"') + 1, line.lastIndexOf('"'));
                    String first = v.startsWith("1.") ? v.split("\\.")[1] : v.split("[.+-]")[0];
                    return Integer.parseInt(first);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /**
     * Builds the services as {@code aot-jar} ({@code -Dquarkus.package.jar.aot.enabled=true}) from
     * {@code git archive HEAD} unpacked under {@code bench/target/aot/src}, so the build never touches the modules'
     * own target/ (others may be building there).
     */
    static final class AotBuild {

        private AotBuild() {
        }

        static Path root(Path repo) {
            return repo.resolve("bench/target/aot");
        }

        static Path appDir(Path repo, String service) {
            return root(repo).resolve("src").resolve(service).resolve("target/quarkus-app");
        }

        static void ensure(Path repo, List<String> services, Path jdk, boolean rebuild)
                throws IOException, InterruptedException {
            boolean missing = services.stream().anyMatch(s -> !Files.exists(appDir(repo, s).resolve("quarkus-run.jar")));
            if (!missing && !rebuild) {
                return;
            }
            Path src = root(repo).resolve("src");
            String commit = git(repo, "rev-parse", "HEAD").trim();
            System.out.println("  building aot-jar packages of " + services + " from commit " + commit + " in " + src
                    + " (git archive of HEAD; the modules' own target/ is not touched; takes a few minutes)");
            deleteTree(src);
            Files.createDirectories(src);
            Path tar = root(repo).resolve("src.tar");
            git(repo, "archive", "--format=tar", "-o", tar.toString(), "HEAD");
            int untar = new ProcessBuilder("tar", "-xf", tar.toString(), "-C", src.toString()).inheritIO().start().waitFor();
            if (untar != 0) {
                throw new IllegalStateException("could not unpack " + tar);
            }
            Files.writeString(root(repo).resolve("commit"), commit);
            List<String> cmd = new ArrayList<>(List.of("./mvnw", "-B", "-q", "-pl", String.join(",", services), "-am",
                    "package", "-DskipTests", "-Dquarkus.package.jar.aot.enabled=true"));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(src.toFile()).inheritIO();
            pb.environment().put("JAVA_HOME", jdk.toString());
            int rc = pb.start().waitFor();
            if (rc != 0) {
                throw new IllegalStateException("aot-jar build failed (" + rc + ")");
            }
            // a new build invalidates old caches
            for (String s : services) {
                Files.deleteIfExists(appDir(repo, s).resolve("app.aot"));
            }
        }

        static String git(Path repo, String... args) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(List.of("git", "-C", repo.toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        }

        static void deleteTree(Path dir) throws IOException {
            if (!Files.exists(dir)) {
                return;
            }
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
