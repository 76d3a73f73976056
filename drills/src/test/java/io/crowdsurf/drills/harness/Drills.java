package io.crowdsurf.drills.harness;

import java.nio.file.Path;
import java.util.Map;

/** Where the drills find the packaged services and manifests, and the secrets they configure them with. */
public final class Drills {

    public static final String APP_SECRET = "drill-app-secret";
    public static final String VERIFY_TOKEN = "drill-verify-token";
    public static final String PAGE_TOKEN = "drill-page-token";
    public static final String SLACK_SECRET = "drill-slack-signing-secret";
    public static final String TELEGRAM_SECRET = "drill-telegram-secret";
    public static final String ADMIN_TOKEN = "drill-admin-token";
    /** Every service signs its events with it; bot-gateway sends only signed replies (as on ./crowdsurf up). */
    public static final String EVENTS_SIGNING_KEY = "drill-events-signing-key";

    private Drills() {
    }

    public static Path gatewayJar() {
        return snapshot("bot-gateway", path("drills.bot-gateway.jar", "../bot-gateway/target/quarkus-app/quarkus-run.jar"));
    }

    public static Path quizJar() {
        return snapshot("quiz-service", path("drills.quiz-service.jar", "../quiz-service/target/quarkus-app/quarkus-run.jar"));
    }

    public static Path alertJar() {
        return snapshot("alert-service", path("drills.alert-service.jar", "../alert-service/target/quarkus-app/quarkus-run.jar"));
    }

    public static Path metricsJar() {
        return snapshot("metrics-service", path("drills.metrics-service.jar",
                "../metrics-service/target/quarkus-app/quarkus-run.jar"));
    }

    private static final Map<String, Path> SNAPSHOTS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A copy of the packaged application taken once per test JVM, so every start and restart of a drill runs
     * the same build even if the module is re-packaged meanwhile.
     */
    private static Path snapshot(String name, Path jar) {
        return SNAPSHOTS.computeIfAbsent(name, n -> {
            Path app = jar.getParent();
            Path copy = Path.of("target", "drills-apps", n).toAbsolutePath();
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(app)) {
                if (java.nio.file.Files.exists(copy)) {
                    try (java.util.stream.Stream<Path> old = java.nio.file.Files.walk(copy)) {
                        old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path target = copy.resolve(app.relativize(f).toString());
                    if (java.nio.file.Files.isDirectory(f)) {
                        java.nio.file.Files.createDirectories(target);
                    } else {
                        java.nio.file.Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot copy " + app + ": package " + n + " first", e);
            }
            return copy.resolve(jar.getFileName().toString());
        });
    }

    /**
     * How long a service may take to become ready ({@code -Ddrills.start-timeout}, ISO-8601). Three services starting
     * at once on a busy 2-core machine took over a minute each (bot-gateway: 59.6 s), so 3 minutes by default.
     */
    public static java.time.Duration startTimeout() {
        return java.time.Duration.parse(System.getProperty("drills.start-timeout", "PT3M"));
    }

    public static Path triggers() {
        return path("drills.triggers", "../k8s/base/triggers");
    }

    public static Path logs() {
        return path("drills.logs", "target/drills-logs");
    }

    /** Secrets and platform URLs every service of a drill gets; every channel is enabled. */
    public static Map<String, String> secrets(String graphUrl, String slackUrl, String telegramUrl) {
        return Map.ofEntries(
                Map.entry("MESSENGER_APP_SECRET", APP_SECRET),
                Map.entry("MESSENGER_VERIFY_TOKEN", VERIFY_TOKEN),
                Map.entry("MESSENGER_PAGE_TOKEN", PAGE_TOKEN),
                Map.entry("MESSENGER_GRAPH_URL", graphUrl),
                Map.entry("SLACK_SIGNING_SECRET", SLACK_SECRET),
                Map.entry("SLACK_BOT_TOKEN", "xoxb-drill"),
                Map.entry("SLACK_API_URL", slackUrl),
                Map.entry("TELEGRAM_SECRET_TOKEN", TELEGRAM_SECRET),
                Map.entry("TELEGRAM_BOT_TOKEN", "123456:drill"),
                Map.entry("TELEGRAM_API_URL", telegramUrl),
                Map.entry("CROWDSURF_ADMIN_TOKEN", ADMIN_TOKEN),
                Map.entry("CROWDSURF_EVENTS_SIGNING_KEY", EVENTS_SIGNING_KEY));
    }

    private static Path path(String property, String fallback) {
        return Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
    }
}
