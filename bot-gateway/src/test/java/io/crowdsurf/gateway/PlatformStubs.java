package io.crowdsurf.gateway;

import java.util.Map;

import io.crowdsurf.testsupport.HttpStub;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * One local stand-in for the Graph API, the Slack Web API (and response_url) and the Telegram Bot API,
 * shared by the test JVM, and the channel secrets the tests sign with.
 */
public class PlatformStubs implements QuarkusTestResourceLifecycleManager {

    public static final String APP_SECRET = "messenger-app-secret";
    public static final String VERIFY_TOKEN = "verify-me";
    public static final String PAGE_TOKEN = "EAAG-page-token";
    public static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    public static final String SLACK_TOKEN = "xoxb-test-token";
    public static final String TELEGRAM_SECRET = "telegram-secret_1";
    public static final String TELEGRAM_TOKEN = "123456:ABC-DEF1234ghIkl";
    public static final String TELEGRAM_BOT_ID = "123456";

    private static HttpStub stub;

    public static synchronized HttpStub stub() {
        if (stub == null) {
            stub = new HttpStub();
        }
        return stub;
    }

    @Override
    public Map<String, String> start() {
        String base = stub().baseUrl();
        return Map.of(
                "gateway.messenger.graph-url", base + "/graph/v21.0",
                "gateway.messenger.page-token", PAGE_TOKEN,
                "gateway.slack.api-url", base + "/slack/api",
                "gateway.slack.bot-token", SLACK_TOKEN,
                "gateway.slack.response-url-prefixes", base + "/hooks/",
                "gateway.telegram.api-url", base + "/telegram",
                "gateway.telegram.bot-token", TELEGRAM_TOKEN);
    }

    @Override
    public void stop() {
        // Shared for the JVM, like Kafka and Mongo.
    }
}
