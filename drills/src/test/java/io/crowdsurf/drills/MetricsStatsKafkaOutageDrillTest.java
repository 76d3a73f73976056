package io.crowdsurf.drills;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crowdsurf.drills.harness.Drills;
import io.crowdsurf.drills.harness.Http;
import io.crowdsurf.drills.harness.Stack;
import io.crowdsurf.testsupport.KafkaProbe;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka away under metrics-service's part 2. The one endpoint of it that acknowledges something to Kafka is the
 * CloudEvent consumer at {@code POST /}: a {@code /stats} command is answered only once its reply
 * ({@code chat.reply.requested}) is in Kafka. While the broker is stopped every command delivery must get 503
 * (never a 2xx: the Trigger would drop the command unanswered); after the restart the redelivered commands are
 * acknowledged and each has <b>exactly one</b> reply id in Kafka, however often it was delivered. Meanwhile what
 * does not need Kafka keeps working: tours and links are stored (MongoDB), the widget serves, short links redirect.
 */
class MetricsStatsKafkaOutageDrillTest {

    private static final int COMMANDS = 10;
    private static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.builder("metrics-stats-kafka").withoutGateway().withoutQuiz().withoutDispatcher().withMetrics()
                .metricsEnv("METRICS_STATS_ALLOWED_WORKSPACES", "*")
                .metricsEnv("CROWDSURF_EVENTS_PUBLISH_TIMEOUT_MS", "1500").start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static Http.Reply command(String base, int i) {
        String data = """
                {"platform":"webchat","botId":"drill","userId":"u%1$d","conversationId":"webchat:drill:u%1$d",\
                "commandId":"stats-%1$d","command":"/stats","text":"members","platformTimestamp":"%2$s"}"""
                .formatted(i, Instant.now());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce-specversion", "1.0");
        headers.put("ce-id", "webchat:stats-" + i);
        headers.put("ce-type", "com.crowdsurf.chat.command.received");
        headers.put("ce-source", "/crowdsurf/bot-gateway/webchat");
        headers.put("ce-crowdsurfcommand", "stats");
        // Signed as bot-gateway signs it: metrics-service takes only events produced inside Crowdsurf.
        headers.put("ce-crowdsurfsig", io.crowdsurf.events.EventSignature.compute(Drills.EVENTS_SIGNING_KEY,
                "webchat:stats-" + i, "com.crowdsurf.chat.command.received", "/crowdsurf/bot-gateway/webchat",
                data.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        headers.put("Content-Type", "application/json");
        return Http.send("POST", base + "/", headers, data.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Duration.ofSeconds(15));
    }

    @Test
    void commandsAre503WhileKafkaIsDownThenAnsweredExactlyOnce() throws Exception {
        String base = stack.metrics().baseUrl();
        Map<String, String> admin = Map.of("Authorization", "Bearer " + Drills.ADMIN_TOKEN);
        assertThat(command(base, 0).status()).as("a command while Kafka is up").isEqualTo(204);

        stack.kafka().stop();
        Map<Integer, Integer> statuses = new LinkedHashMap<>();
        for (int i = 1; i <= COMMANDS; i++) {
            statuses.merge(command(base, i).status(), 1, Integer::sum);
        }
        assertThat(statuses).as("command deliveries while Kafka was down (status -> count)").containsOnlyKeys(503);
        // What needs only MongoDB keeps working.
        Http.Reply put = Http.send("PUT", base + "/api/v1/artists/drill-band/events",
                Map.of("Authorization", "Bearer " + Drills.ADMIN_TOKEN, "Content-Type", "application/json"), """
                        {"site":"1","events":[{"date":"2030-01-01","city":"Berlin","venue":"Hall",\
                        "ticketUrl":"https://tickets.example/1","status":"on-sale","timeZone":"Europe/Berlin"}]}"""
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8), Duration.ofSeconds(10));
        assertThat(put.status()).as("PUT a tour: " + put).isEqualTo(200);
        assertThat(Http.get(base + "/widget/artists/drill-band/events", Map.of()).status()).isEqualTo(200);
        Http.Reply link = Http.postJson(base + "/api/v1/links", admin, "{\"target\":\"https://tickets.example/1\","
                + "\"code\":\"drill-link\"}");
        assertThat(link.status()).as("POST a link: " + link).isEqualTo(201);
        Http.Reply redirect = Http.send("GET", base + "/l/drill-link", Map.of(), null, Duration.ofSeconds(10));
        assertThat(redirect.status()).as("the redirect waits for Kafka only boundedly").isEqualTo(302);
        assertThat(stack.kafka().isRunning()).isFalse();

        stack.kafka().start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        for (int i = 1; i <= COMMANDS; i++) {
            Http.Reply r;
            do {
                r = command(base, i);
                assertThat(r.status()).as("command " + i + " after the restart: " + r).isIn(204, 503);
            } while (r.status() == 503 && System.nanoTime() < deadline);
            assertThat(r.status()).as("command " + i + " acknowledged after Kafka is back").isEqualTo(204);
            // Redelivered once more: still one reply.
            assertThat(command(base, i).status()).isEqualTo(204);
        }
        List<ConsumerRecord<String, byte[]>> records = KafkaProbe.readAll(stack.kafka().bootstrapServers(),
                "crowdsurf.events");
        Map<String, Integer> replies = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> rec : records) {
            if ("com.crowdsurf.chat.reply.requested".equals(KafkaProbe.header(rec, "ce_type"))) {
                replies.merge(KafkaProbe.header(rec, "ce_id"), 1, Integer::sum);
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i <= COMMANDS; i++) {
            expected.add("metrics-stats:webchat:stats-" + i);
        }
        assertThat(replies.keySet()).as("reply ids in Kafka").containsExactlyInAnyOrderElementsOf(expected);
        // The producer is idempotent, but a send that timed out on the client may still have landed: what matters
        // downstream is one reply id (bot-gateway sends each id once). Count records too, to see it if it happens.
        System.out.println("reply records per id: " + replies);
        assertThat(stack.metrics().awaitReadyStatus(200, Duration.ofSeconds(30))).as("ready again").isTrue();
    }
}
