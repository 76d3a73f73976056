package io.crowdsurf.drills;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crowdsurf.drills.harness.Drills;
import io.crowdsurf.drills.harness.Http;
import io.crowdsurf.drills.harness.Messenger;
import io.crowdsurf.drills.harness.Poll;
import io.crowdsurf.drills.harness.SendApi;
import io.crowdsurf.drills.harness.Stack;
import io.crowdsurf.testsupport.KafkaProbe;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Short links from quiz messages, end to end with the real services: bot-gateway, quiz-service and metrics-service
 * as packaged processes, the dispatcher routing by the real Triggers. Opening a campaign registers its pool's event
 * page with metrics-service; a fan wins through signed Messenger webhooks and the ticket message at the Send API
 * carries {@code <metrics>/l/<code>}; following it redirects to the event page, and the click reaches Kafka
 * ({@code link.clicked}, an outlink hit with the campaign) and in metrics-service's report for the campaign.
 *
 * <p>Then Kafka goes away: a check-in is 503 (never 200 without its {@code quiz.ticket.admitted} in Kafka), the
 * retried scan after the restart is 200 and the event is there once by id; a short link still redirects, within a
 * bounded wait, and the click it could not publish is counted as unrecorded.
 */
class QuizLinksDrillTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAGE = "links-page";
    private static final String CAMPAIGN = "links-drill";
    private static final String SITE = "links-site";
    private static final String TARGET = "https://tickets.example/ams";
    private static final HttpClient NO_REDIRECTS = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(3)).build();
    private static Stack stack;
    private static Map<String, String> admin;

    @BeforeAll
    static void start() {
        stack = Stack.builder("quiz-links").withMetrics()
                .quizEnv("QUIZ_LINKS_SITE", SITE)
                .quizEnv("CROWDSURF_EVENTS_PUBLISH_TIMEOUT_MS", "1500")
                .metricsEnv("CROWDSURF_EVENTS_PUBLISH_TIMEOUT_MS", "1500")
                .metricsEnv("METRICS_LINKS_CLICK_ACK_WAIT", "PT1S").start();
        admin = Map.of("Authorization", "Bearer " + Drills.ADMIN_TOKEN);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static String campaignJson() {
        ObjectNode c = JSON.createObjectNode();
        c.put("id", CAMPAIGN).put("name", "Links drill").put("startsAt", "2020-01-01T00:00:00Z")
                .put("endsAt", "2099-01-01T00:00:00Z");
        c.putArray("channels").addObject().put("platform", "messenger").put("botId", PAGE);
        c.putObject("selection").put("mode", "INSTANT").put("probability", 1.0);
        ObjectNode q = c.putArray("questions").addObject().put("text", "Where is the party?");
        q.putArray("accepted").add("Amsterdam");
        q.putArray("options").add("Amsterdam").add("Rotterdam");
        c.put("requiredCorrect", 1);
        c.putArray("pools").addObject().put("id", "ams").put("name", "AMS").put("capacity", 5).put("url", TARGET);
        c.putObject("messages").put("welcome", "W").put("question", "Q{n}/{total}: {question}").put("won", "WON")
                .put("ticket", "TICKET {pool} {code} {link}");
        return c.toString();
    }

    static HttpResponse<String> follow(String url) throws Exception {
        return NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .header("User-Agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
                        + "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1")
                .header("Referer", "https://m.me/" + PAGE).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static long count(List<ConsumerRecord<String, byte[]>> records, String header, String value) {
        return records.stream().filter(r -> value.equals(KafkaProbe.header(r, header))).count();
    }

    static long clicks(String code) {
        return KafkaProbe.readAll(stack.kafka().bootstrapServers(), "crowdsurf.events").stream()
                .filter(r -> "com.crowdsurf.metrics.link.clicked".equals(KafkaProbe.header(r, "ce_type")))
                .filter(r -> code.equals(KafkaProbe.header(r, "ce_subject"))).count();
    }

    static double metric(String name) {
        String body = Http.get(stack.metrics().baseUrl() + "/q/metrics", Map.of()).body();
        double total = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    @Test
    void aTicketMessageCarriesAShortLinkThatRedirectsAndCountsForTheCampaignThenKafkaGoesAway() throws Exception {
        String metrics = stack.metrics().baseUrl();
        Http.Reply site = Http.postJson(metrics + "/api/v1/sites", admin, "{\"id\":\"" + SITE + "\",\"name\":\"Links\","
                + "\"urls\":[\"https://tickets.example\"],\"timeZone\":\"UTC\"}");
        assertThat(site.status()).as("site: " + site).isEqualTo(201);
        stack.admin().createAndOpen(campaignJson(), CAMPAIGN);
        JsonNode pool = JSON.readTree(stack.admin().get("/api/v1/campaigns/" + CAMPAIGN).body()).path("pools").get(0);
        String link = pool.path("link").asText();
        assertThat(link).as("the registered short link").startsWith(metrics + "/l/");
        String code = link.substring(link.lastIndexOf('/') + 1);
        JsonNode registered = JSON.readTree(Http.get(metrics + "/api/v1/links/" + code, admin).body());
        assertThat(registered.path("target").asText()).isEqualTo(TARGET);
        assertThat(registered.path("campaign").asText()).isEqualTo(CAMPAIGN);
        assertThat(registered.path("site").asText()).isEqualTo(SITE);
        // Re-saving the open campaign registers the same code again: no duplicate, same link.
        Http.Reply put = Http.send("PUT", stack.quiz().baseUrl() + "/api/v1/campaigns/" + CAMPAIGN,
                Map.of("Authorization", "Bearer " + Drills.ADMIN_TOKEN, "Content-Type", "application/json"),
                campaignJson().getBytes(java.nio.charset.StandardCharsets.UTF_8), Duration.ofSeconds(15));
        assertThat(put.status()).as("PUT: " + put).isEqualTo(200);
        assertThat(JSON.readTree(put.body()).path("pools").get(0).path("link").asText()).isEqualTo(link);

        // A fan wins: the ticket message carries the short link.
        Messenger fan = stack.messenger(PAGE);
        assertThat(fan.postUntilAcked(fan.message("psid-1", "mid-links-1", "hi", null), Duration.ofSeconds(60))
                .status()).isEqualTo(200);
        // One reply per turn: the welcome and the question arrive as one message.
        Poll.until(Duration.ofSeconds(60), "the question", () -> stack.sendApi().to("psid-1").stream()
                .anyMatch(m -> m.text() != null && m.text().contains("Q1/1")));
        fan.postUntilAcked(fan.message("psid-1", "mid-links-2", "Amsterdam", "quiz:" + CAMPAIGN + ":q0:0"),
                Duration.ofSeconds(60));
        SendApi.Sent ticket = Poll.until(Duration.ofSeconds(60), "the ticket message",
                () -> stack.sendApi().to("psid-1").stream().filter(m -> m.text() != null && m.text().contains("TICKET"))
                        .findFirst().orElse(null), java.util.Objects::nonNull);
        // The ticket is the last part of the winning turn (after the feedback and "you won").
        Matcher m = Pattern.compile("(?s).*TICKET AMS (\\S+) (\\S+)").matcher(ticket.text());
        assertThat(m.matches()).as("ticket text: " + ticket.text()).isTrue();
        String ticketCode = m.group(1);
        assertThat(m.group(2)).isEqualTo(link);

        // The fan follows it: 302 to the event page, the click durable in Kafka by then.
        HttpResponse<String> redirect = follow(link);
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).contains(TARGET);
        // The redirect waited up to 1 s for the ack; on a loaded machine the publish may finish just after it.
        Poll.until(Duration.ofSeconds(30), "link.clicked of " + code, () -> clicks(code) >= 1);
        assertThat(clicks(code)).as("link.clicked").isEqualTo(1);
        Poll.until(Duration.ofSeconds(30), "the outlink hit", () -> KafkaProbe.readAll(stack.kafka().bootstrapServers(),
                "crowdsurf.hits").stream().anyMatch(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)
                        .contains(CAMPAIGN)));
        List<ConsumerRecord<String, byte[]>> hits = KafkaProbe.readAll(stack.kafka().bootstrapServers(), "crowdsurf.hits");
        assertThat(hits.stream().map(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8))
                .filter(v -> v.contains("\"siteId\":\"" + SITE + "\"") && v.contains(CAMPAIGN)).count())
                .as("the outlink hit under the campaign").isEqualTo(1);
        // ... and counted for the campaign in metrics-service's referrer report.
        Poll.until(Duration.ofSeconds(60), "the campaign in Referrers.getAll", () -> Http.get(metrics
                + "/index.php?module=API&method=Referrers.getAll&idSite=" + SITE + "&period=day&date=today&format=JSON"
                + "&token_auth=" + Drills.ADMIN_TOKEN, Map.of()).body(), b -> b.contains(CAMPAIGN));

        // Kafka away: check-in 503, the link still redirects (bounded), its click counted as unrecorded.
        double unrecordedBefore = metric("metrics_links_clicks_unrecorded_total");
        stack.kafka().stop();
        Http.Reply scan = stack.admin().post("/api/v1/tickets/" + ticketCode + "/check-in", "");
        assertThat(scan.status()).as("check-in while Kafka is away: " + scan).isEqualTo(503);
        long t0 = System.nanoTime();
        HttpResponse<String> away = follow(link);
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(away.statusCode()).isEqualTo(302);
        assertThat(away.headers().firstValue("Location")).contains(TARGET);
        assertThat(waitedMs).as("the fan is held at most about the ack wait (1 s), not the publisher's timeout")
                .isLessThan(5000);
        Poll.until(Duration.ofSeconds(30), "the click counted as unrecorded",
                () -> metric("metrics_links_clicks_unrecorded_total") >= unrecordedBefore + 1);
        assertThat(stack.kafka().isRunning()).isFalse();

        stack.kafka().start();
        Http.Reply retried = Poll.until(Duration.ofSeconds(90), "the retried check-in acknowledged",
                () -> stack.admin().post("/api/v1/tickets/" + ticketCode + "/check-in", ""), r -> {
                    assertThat(r.status()).as("retried check-in: " + r).isIn(200, 503);
                    return r.status() == 200;
                });
        assertThat(JSON.readTree(retried.body()).path("code").asText()).isEqualTo(ticketCode);
        assertThat(stack.admin().post("/api/v1/tickets/" + ticketCode + "/check-in", "").status()).isEqualTo(409);
        List<ConsumerRecord<String, byte[]>> after = KafkaProbe.readAll(stack.kafka().bootstrapServers(),
                "crowdsurf.events");
        assertThat(count(after, "ce_id", "admitted:" + ticketCode)).as("quiz.ticket.admitted of the ticket")
                .isGreaterThanOrEqualTo(1);
        assertThat(after.stream().filter(r -> "com.crowdsurf.quiz.ticket.admitted".equals(KafkaProbe.header(r, "ce_type")))
                .map(r -> KafkaProbe.header(r, "ce_id")).distinct().toList()).containsExactly("admitted:" + ticketCode);
        assertThat(stack.admin().stats(CAMPAIGN).path("checkedIn").asInt()).isEqualTo(1);
        assertThat(stack.metrics().awaitReadyStatus(200, Duration.ofSeconds(30))).isTrue();
        assertThat(stack.quiz().awaitReadyStatus(200, Duration.ofSeconds(30))).isTrue();
    }
}
