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

    private Drills() {
    }

    public static Path gatewayJar() {
        return path("drills.bot-gateway.jar", "../bot-gateway/target/quarkus-app/quarkus-run.jar");
    }

    public static Path quizJar() {
        return path("drills.quiz-service.jar", "../quiz-service/target/quarkus-app/quarkus-run.jar");
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
                Map.entry("CROWDSURF_ADMIN_TOKEN", ADMIN_TOKEN));
    }

    private static Path path(String property, String fallback) {
        return Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
    }
}
