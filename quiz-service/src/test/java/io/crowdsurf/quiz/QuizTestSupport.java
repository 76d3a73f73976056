package io.crowdsurf.quiz;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.data.ChatMessageReceived;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.events.data.QuizDrawRequested;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/** Drives quiz-service the way production does: binary-mode CloudEvents POSTed to {@code /}, admin calls with the bearer. */
final class QuizTestSupport {

    static final String TOKEN = "test-admin-token";
    static final String GATEWAY_SOURCE = "/crowdsurf/bot-gateway/webchat";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final AtomicLong SEQ = new AtomicLong();

    private QuizTestSupport() {
    }

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + TOKEN);
    }

    /** A fresh bot id per test, so campaigns never share a channel across tests. */
    static String newBot() {
        return "bot-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A DJ-style campaign on one web-chat bot, open now; tweak the map before creating. */
    static Map<String, Object> campaign(String botId, double probability, Map<String, Integer> pools) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", "DJ Birthday Bash");
        c.put("startsAt", Instant.now().minus(Duration.ofHours(1)).toString());
        c.put("endsAt", Instant.now().plus(Duration.ofDays(1)).toString());
        c.put("channels", List.of(Map.of("platform", "webchat", "botId", botId)));
        c.put("selection", Map.of("mode", "INSTANT", "probability", probability));
        c.put("questions", List.of(
                Map.of("text", "In which city was the DJ born?", "accepted", List.of("Amsterdam", "A'dam")),
                Map.of("text", "Which year was the first album released?", "accepted", List.of("2009"),
                        "options", List.of("2007", "2009", "2011"))));
        List<Map<String, Object>> ps = new ArrayList<>();
        pools.forEach((id, cap) -> ps.add(Map.of("id", id, "name", id.toUpperCase(), "capacity", cap)));
        c.put("pools", ps);
        return c;
    }

    /** Creates and opens a campaign; returns its id. */
    static String createOpen(Map<String, Object> campaign) {
        String id = admin().contentType("application/json").body(campaign).post("/api/v1/campaigns")
                .then().statusCode(201).extract().path("id");
        admin().post("/api/v1/campaigns/" + id + "/open").then().statusCode(200);
        return id;
    }

    static String conversation(String botId, String userId) {
        return "webchat:" + botId + ":" + userId;
    }

    static ChatMessageReceived text(String botId, String userId, String text) {
        return message(botId, userId, text, null);
    }

    static ChatMessageReceived tap(String botId, String userId, String payload) {
        return message(botId, userId, null, payload);
    }

    static ChatMessageReceived message(String botId, String userId, String text, String choice) {
        return new ChatMessageReceived(Platform.WEBCHAT, botId, userId, conversation(botId, userId),
                "m" + SEQ.incrementAndGet(), text, choice, null, "Fan " + userId, Instant.now());
    }

    /** POSTs the message as the dispatcher would; returns the HTTP status. */
    static int deliver(ChatMessageReceived m) {
        return post(EventType.CHAT_MESSAGE_RECEIVED.type(), "webchat:" + m.messageId(), GATEWAY_SOURCE,
                new String(EventJson.write(m)));
    }

    static int deliverDraw(String campaignId, int count, String eventId) {
        return post(EventType.QUIZ_DRAW_REQUESTED.type(), eventId, "/crowdsurf/schedule",
                new String(EventJson.write(new QuizDrawRequested(campaignId, count))));
    }

    static int post(String type, String id, String source, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/"))
                .header("ce-specversion", "1.0")
                .header("ce-id", id)
                .header("ce-type", type)
                .header("ce-source", source)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
