package io.crowdsurf.drills;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crowdsurf.drills.harness.Drills;
import io.crowdsurf.drills.harness.Http;
import io.crowdsurf.drills.harness.Poll;
import io.crowdsurf.drills.harness.Stack;
import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.EventSignature;
import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.testsupport.KafkaProbe;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MongoDB away under metrics-service's part 2 (the TCP proxy to it cut, data kept; restored after). What each part
 * does, as documented in metrics-service's README ("MongoDB away"):
 * <ul>
 * <li>the widget serves an artist from its in-process cache while the page is servable (≤ the cache TTL + stale),
 * then answers 503 with {@code Retry-After} and {@code no-store} — never a list older than that, never a 5xx
 * other than 503;</li>
 * <li>the links API answers 503 and stores nothing half-way (the code posted during the outage does not exist
 * after it);</li>
 * <li>{@code /l/<code>} still redirects — to the base URL, since the target cannot be looked up;</li>
 * <li>the {@code /stats} function answers 5xx so the Trigger retries; redelivered after the outage, every fan is
 * counted exactly once;</li>
 * <li>readiness DOWN (503) during, UP after; then everything works again.</li>
 * </ul>
 */
class MetricsPart2MongoOutageDrillTest {

    private static final String BASE = "https://base.example/";
    private static final HttpClient NO_REDIRECTS = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(3)).build();
    private static Stack stack;
    private static Map<String, String> admin;

    @BeforeAll
    static void start() {
        stack = Stack.builder("metrics-part2-mongo").withoutGateway().withoutQuiz().withoutDispatcher().withMetrics()
                .metricsEnv("METRICS_STATS_ALLOWED_WORKSPACES", "*")
                .metricsEnv("CROWDSURF_LINKS_BASE_URL", BASE)
                .metricsEnv("METRICS_LINKS_BASE_URL", BASE)
                .metricsEnv("METRICS_WIDGET_CACHE_TTL", "PT5S").start();
        admin = Map.of("Authorization", "Bearer " + Drills.ADMIN_TOKEN, "Content-Type", "application/json");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static Http.Reply event(String type, String id, String data) {
        String source = "/crowdsurf/bot-gateway/webchat";
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce-specversion", "1.0");
        headers.put("ce-id", id);
        headers.put("ce-type", type);
        headers.put("ce-source", source);
        if (type.endsWith("command.received")) {
            headers.put("ce-crowdsurfcommand", "stats");
        }
        headers.put("ce-crowdsurfsig", EventSignature.compute(Drills.EVENTS_SIGNING_KEY, id, type, source, bytes));
        headers.put("Content-Type", "application/json");
        return Http.send("POST", stack.metrics().baseUrl() + "/", headers, bytes, Duration.ofSeconds(15));
    }

    static Http.Reply fanMessage(int i) {
        return event("com.crowdsurf.chat.message.received", "webchat:mongo-msg-" + i, """
                {"platform":"webchat","botId":"mongo-drill","userId":"fan%1$d","conversationId":"webchat:mongo-drill:fan%1$d",\
                "messageId":"mongo-msg-%1$d","text":"hi","platformTimestamp":"2026-12-01T20:0%1$d:00Z"}""".formatted(i));
    }

    static String location(String url) throws Exception {
        HttpResponse<Void> r = NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .GET().build(), HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode()).as("redirect of " + url).isEqualTo(302);
        return r.headers().firstValue("Location").orElse(null);
    }

    @Test
    void widgetLinksRedirectsAndStatsBehaveAsDocumentedWhileMongoIsAway() throws Exception {
        String base = stack.metrics().baseUrl();
        Http.Reply put = Http.send("PUT", base + "/api/v1/artists/mongo-band/events", admin, """
                {"site":"1","events":[{"date":"2030-01-01","city":"Berlin","venue":"Hall",\
                "ticketUrl":"https://tickets.example/1","status":"on-sale","timeZone":"Europe/Berlin"}]}"""
                .getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(15));
        assertThat(put.status()).as("PUT tour: " + put).isEqualTo(200);
        assertThat(Http.postJson(base + "/api/v1/links", admin, "{\"target\":\"https://tickets.example/1\","
                + "\"code\":\"mongo-link\"}").status()).isEqualTo(201);
        assertThat(fanMessage(0).status()).as("a fan before the outage").isEqualTo(204);
        assertThat(Http.get(base + "/widget/artists/mongo-band/events", Map.of()).status()).isEqualTo(200);

        stack.mongoProxy().cut();
        // Fresh in the cache: served.
        Http.Reply cached = Http.get(base + "/widget/artists/mongo-band/events", Map.of());
        assertThat(cached.status()).as("widget from the cache while fresh: " + cached).isEqualTo(200);
        assertThat(cached.body()).contains("Berlin");
        // Expired: 503, never anything else.
        Poll.until(Duration.ofSeconds(60), "the widget answering 503 once its entry expired", () -> {
            int s = Http.get(base + "/widget/artists/mongo-band/events", Map.of()).status();
            assertThat(s).as("widget during the outage").isIn(200, 503);
            return s == 503;
        });
        Http.Reply link = Http.postJson(base + "/api/v1/links", admin, "{\"target\":\"https://tickets.example/2\","
                + "\"code\":\"during-outage\"}");
        assertThat(link.status()).as("links API while MongoDB is away: " + link).isEqualTo(503);
        assertThat(location(base + "/l/mongo-link")).as("a short link falls back to the base URL").isEqualTo(BASE);
        for (int i = 1; i <= 3; i++) {
            int s = fanMessage(i).status();
            assertThat(s).as("a /stats event while MongoDB is away (retried by the Trigger)").isBetween(500, 599);
        }
        assertThat(stack.metrics().awaitReadyStatus(503, Duration.ofSeconds(30))).as("readiness DOWN").isTrue();

        stack.mongoProxy().restore();
        assertThat(stack.metrics().awaitReadyStatus(200, Duration.ofSeconds(60))).as("ready again").isTrue();
        // The Trigger's retries: each event redelivered until acknowledged, then once more.
        for (int i = 1; i <= 3; i++) {
            int n = i;
            Poll.until(Duration.ofSeconds(60), "fan " + i + " acknowledged", () -> {
                int s = fanMessage(n).status();
                assertThat(s < 400 || s >= 500).as("redelivery status " + s + " is no 4xx").isTrue();
                return s == 204;
            });
            assertThat(fanMessage(i).status()).isEqualTo(204);
        }
        assertThat(Http.get(base + "/api/v1/links/during-outage", admin).status())
                .as("nothing stored half-way").isEqualTo(404);
        assertThat(Http.get(base + "/widget/artists/mongo-band/events", Map.of()).status()).isEqualTo(200);
        assertThat(Http.postJson(base + "/api/v1/links", admin, "{\"target\":\"https://tickets.example/2\","
                + "\"code\":\"during-outage\"}").status()).as("the retried link").isEqualTo(201);
        assertThat(location(base + "/l/mongo-link")).isEqualTo("https://tickets.example/1");

        String commandId = "webchat:mongo-stats";
        assertThat(event("com.crowdsurf.chat.command.received", commandId, """
                {"platform":"webchat","botId":"mongo-drill","userId":"admin","conversationId":"webchat:mongo-drill:admin",\
                "commandId":"mongo-stats","command":"/stats","text":"members","platformTimestamp":"%s"}"""
                .formatted(Instant.now())).status()).isEqualTo(204);
        ChatReplyRequested reply = Poll.until(Duration.ofSeconds(30), "the /stats members reply",
                () -> KafkaProbe.readAll(stack.kafka().bootstrapServers(), "crowdsurf.events").stream()
                        .filter(r -> ("metrics-stats:" + commandId).equals(KafkaProbe.header(r, "ce_id")))
                        .map(r -> EventJson.read(r.value(), ChatReplyRequested.class)).findFirst().orElse(null),
                java.util.Objects::nonNull);
        assertThat(reply.text()).as("every fan counted exactly once").contains("Fans talked to: 4");
    }
}
