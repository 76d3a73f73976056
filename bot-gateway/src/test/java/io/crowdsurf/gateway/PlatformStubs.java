package io.crowdsurf.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import io.crowdsurf.gateway.function.ReplyRequests;
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
    private static HttpServer hooks;
    private static final AtomicInteger HOOK_CALLS = new AtomicInteger();
    private static volatile Runnable beforeHookAnswer = () -> { };

    public static synchronized HttpStub stub() {
        if (stub == null) {
            stub = new HttpStub();
        }
        return stub;
    }

    /**
     * A response_url endpoint that runs {@link #beforeHookAnswer(Runnable)} before it answers 200, so a
     * test can break something while a send is in flight. Its URL is {@code hookBase() + "/hooks/..."}.
     */
    public static synchronized String hookBase() {
        if (hooks == null) {
            try {
                hooks = HttpServer.create(new InetSocketAddress("localhost", 0), 64);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            hooks.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                HOOK_CALLS.incrementAndGet();
                beforeHookAnswer.run();
                byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, ok.length);
                exchange.getResponseBody().write(ok);
                exchange.close();
            });
            hooks.start();
        }
        return "http://localhost:" + hooks.getAddress().getPort();
    }

    public static void beforeHookAnswer(Runnable action) {
        beforeHookAnswer = action;
    }

    public static int hookCalls() {
        return HOOK_CALLS.get();
    }

    @Override
    public Map<String, String> start() {
        String base = stub().baseUrl();
        return Map.of(
                "gateway.messenger.graph-url", base + "/graph/v21.0",
                "gateway.messenger.page-token", PAGE_TOKEN,
                "gateway.slack.api-url", base + "/slack/api",
                "gateway.slack.bot-token", SLACK_TOKEN,
                "gateway.slack.response-url-prefixes", base + "/hooks/," + hookBase() + "/hooks/",
                "gateway.telegram.api-url", base + "/telegram",
                "gateway.telegram.bot-token", TELEGRAM_TOKEN,
                // Pinned here (a test resource outranks environment variables) so a CROWDSURF_EVENTS_SIGNING_KEY
                // exported in the caller's shell cannot change what the tests sign with.
                "crowdsurf.events.signing-key", ReplyRequests.SIGNING_KEY);
    }

    @Override
    public void stop() {
        // Shared for the JVM, like Kafka and Mongo.
    }
}
