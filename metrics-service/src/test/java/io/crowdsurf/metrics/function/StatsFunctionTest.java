package io.crowdsurf.metrics.function;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.data.ChatCommandReceived;
import io.crowdsurf.events.data.ChatMessageReceived;
import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.events.data.QuizTicketAwarded;
import io.crowdsurf.events.data.QuizTicketCheckedIn;
import io.crowdsurf.metrics.domain.MemberRollup;
import io.crowdsurf.metrics.domain.TicketRollup;
import io.crowdsurf.metrics.persistence.StatsRepository;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.crowdsurf.testsupport.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * /stats against seeded events: fans counted once however often they write or a message is redelivered, referrals
 * and the newest fan, tickets per campaign and pool, replies on the command's channel (Slack's response_url kept),
 * /alerts left alone, unknown workspaces refused, poison refused with 400.
 */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
class StatsFunctionTest {

    @Inject
    StatsRepository stats;

    static int post(String type, String id, Object data) {
        return given().header("ce-specversion", "1.0").header("ce-id", id).header("ce-type", type)
                .header("ce-source", "/crowdsurf/test").contentType("application/json").body(EventJson.write(data))
                .post("/").then().extract().statusCode();
    }

    static ChatMessageReceived message(String user, String messageId, String referral, String name, Instant at) {
        return new ChatMessageReceived(Platform.MESSENGER, "page-1", user, "page-1:" + user, messageId, "hi", null,
                referral, name, at);
    }

    static String command(Platform platform, String bot, String text, String responseUrl) {
        String id = "cmd-" + UUID.randomUUID();
        int status = post("com.crowdsurf.chat.command.received", platform.id() + ":" + id,
                new ChatCommandReceived(platform, bot, "U1", bot + ":U1", id, "/stats", text, responseUrl,
                        Instant.now()));
        assertThat(status).isEqualTo(204);
        return platform.id() + ":" + id;
    }

    static Optional<ChatReplyRequested> reply(String eventId) {
        return TestKafka.readAll("crowdsurf.events").stream()
                .filter(r -> ("metrics-stats:" + eventId).equals(new String(r.headers().lastHeader("ce_id").value())))
                .map(r -> EventJson.read(r.value(), ChatReplyRequested.class)).findFirst();
    }

    static ChatReplyRequested awaitReply(String eventId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ChatReplyRequested> r = reply(eventId);
            if (r.isPresent()) {
                return r.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no reply to " + eventId);
    }

    @Test
    void membersCountsEachFanOnceWithReferralsAndTheNewestFan() throws Exception {
        MemberRollup before = stats.members();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant t0 = Instant.now().plusSeconds(3600);
        String a = "fan-a-" + run, b = "fan-b-" + run, c = "fan-c-" + run;
        assertThat(post("com.crowdsurf.chat.message.received", "m:" + a + ":1", message(a, a + "1", "qr-door." + run,
                "Ana", t0))).isEqualTo(204);
        // The same message redelivered, and the same fan writing again: still one fan.
        assertThat(post("com.crowdsurf.chat.message.received", "m:" + a + ":1", message(a, a + "1", "qr-door." + run,
                "Ana", t0))).isEqualTo(204);
        assertThat(post("com.crowdsurf.chat.message.received", "m:" + a + ":2", message(a, a + "2", null, "Ana",
                t0.plusSeconds(5)))).isEqualTo(204);
        assertThat(post("com.crowdsurf.chat.message.received", "m:" + b + ":1", message(b, b + "1", "qr-door." + run,
                "Bo", t0.plusSeconds(10)))).isEqualTo(204);
        assertThat(post("com.crowdsurf.chat.message.received", "m:" + c + ":1", message(c, c + "1", null,
                "Cy " + run, t0.plusSeconds(20)))).isEqualTo(204);

        MemberRollup after = stats.members();
        assertThat(after.fans() - before.fans()).isEqualTo(3);
        assertThat(after.referred() - before.referred()).isEqualTo(2);
        assertThat(after.referrals()).containsEntry("qr-door." + run, 2L);
        assertThat(after.lastFanName()).isEqualTo("Cy " + run);

        ChatReplyRequested r = awaitReply(command(Platform.SLACK, "T-ALLOWED", "members",
                "https://hooks.slack.example/commands/1"));
        assertThat(r.text()).contains("Fans talked to: " + after.fans()).contains("Came through a referral: "
                + after.referred()).contains("qr-door." + run + " 2").contains("Most recent fan: Cy " + run);
        assertThat(r.platform()).isEqualTo(Platform.SLACK);
        assertThat(r.responseUrl()).isEqualTo("https://hooks.slack.example/commands/1");
        assertThat(r.conversationId()).isEqualTo("T-ALLOWED:U1");
    }

    @Test
    void aCrashBetweenTheIncrementAndTheMarkDoesNotCountTwice() {
        MemberRollup before = stats.members();
        String fan = "fan-crash-" + UUID.randomUUID();
        String fact = "fan:messenger:page-1:" + fan;
        String eventId = "m:" + fan;
        Instant at = Instant.now();
        // The first attempt claimed and incremented, then died before marking the fan counted.
        assertThat(stats.claim(fact, eventId, at).mine()).isTrue();
        stats.countFan(fact, "messenger", null, "Crash", at);
        assertThat(stats.members().fans() - before.fans()).isEqualTo(1);
        // The redelivery completes the work without a second increment.
        assertThat(post("com.crowdsurf.chat.message.received", eventId, message(fan, fan, null, "Crash", at)))
                .isEqualTo(204);
        assertThat(post("com.crowdsurf.chat.message.received", eventId, message(fan, fan, null, "Crash", at)))
                .isEqualTo(204);
        assertThat(stats.members().fans() - before.fans()).isEqualTo(1);
    }

    @Test
    void ticketsPerCampaignAndPoolCountedOnce() throws Exception {
        TicketRollup before = stats.tickets();
        String campaign = "camp." + UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 3; i++) {
            QuizTicketAwarded t = new QuizTicketAwarded(campaign, i < 2 ? "vip" : "ga", i < 2 ? "VIP" : "General",
                    "fan" + i, Platform.TELEGRAM, "c" + i, "TCK-" + campaign + "-" + i, Instant.now());
            assertThat(post("com.crowdsurf.quiz.ticket.awarded", "award-" + campaign + i, t)).isEqualTo(204);
            assertThat(post("com.crowdsurf.quiz.ticket.awarded", "award-" + campaign + i, t)).isEqualTo(204);
        }
        TicketRollup after = stats.tickets();
        assertThat(after.awarded() - before.awarded()).isEqualTo(3);
        assertThat(after.pools()).filteredOn(p -> p.campaignId().equals(campaign))
                .extracting(TicketRollup.Pool::poolName, TicketRollup.Pool::awarded)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("VIP", 2L),
                        org.assertj.core.groups.Tuple.tuple("General", 1L));
        ChatReplyRequested r = awaitReply(command(Platform.WEBCHAT, "web-allowed", "tickets", null));
        assertThat(r.text()).contains("Tickets awarded: " + after.awarded()).contains(campaign + " / VIP: 2 awarded");
        assertThat(r.responseUrl()).isNull();
    }

    @Test
    void checkInsPerCampaignAndPoolCountedOncePerTicket() throws Exception {
        TicketRollup before = stats.tickets();
        String campaign = "door." + UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 3; i++) {
            QuizTicketAwarded t = new QuizTicketAwarded(campaign, i < 2 ? "vip" : "ga", i < 2 ? "VIP" : "General",
                    "fan" + i, Platform.WEBCHAT, "c" + i, "ADM-" + campaign + "-" + i, Instant.now());
            assertThat(post("com.crowdsurf.quiz.ticket.awarded", "award-" + campaign + i, t)).isEqualTo(204);
        }
        // Two of the three are admitted; each check-in redelivered, and one re-published by quiz-service under the
        // same id after a retried scan: still one check-in per ticket.
        for (int i = 0; i < 2; i++) {
            String code = "ADM-" + campaign + "-" + (i == 0 ? 0 : 2);
            QuizTicketCheckedIn c = new QuizTicketCheckedIn(campaign, i == 0 ? "vip" : "ga", i == 0 ? "VIP" : "General",
                    code, Instant.now());
            for (int delivery = 0; delivery < 3; delivery++) {
                assertThat(post("com.crowdsurf.quiz.ticket.admitted", "admitted:" + code, c)).isEqualTo(204);
            }
        }
        TicketRollup after = stats.tickets();
        assertThat(after.checkedIn() - before.checkedIn()).isEqualTo(2);
        assertThat(after.awarded() - before.awarded()).isEqualTo(3);
        assertThat(after.pools()).filteredOn(p -> p.campaignId().equals(campaign))
                .extracting(TicketRollup.Pool::poolName, TicketRollup.Pool::awarded, TicketRollup.Pool::checkedIn)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("VIP", 2L, 1L),
                        org.assertj.core.groups.Tuple.tuple("General", 1L, 1L));
        ChatReplyRequested r = awaitReply(command(Platform.WEBCHAT, "web-allowed", "tickets", null));
        assertThat(r.text()).contains("checked in: " + after.checkedIn())
                .contains(campaign + " / VIP: 2 awarded, 1 checked in")
                .contains(campaign + " / General: 1 awarded, 1 checked in");
        // Poison: a check-in without its ticket code is refused for the Trigger to retry and dead-letter.
        assertThat(post("com.crowdsurf.quiz.ticket.admitted", "admitted:none-" + campaign,
                new QuizTicketCheckedIn(campaign, "vip", "VIP", null, Instant.now()))).isEqualTo(500);
    }

    @Test
    void helpForAnythingElseRefusalForOthersAndAlertsIgnored() throws Exception {
        assertThat(awaitReply(command(Platform.TELEGRAM, "web-allowed", "what", null)).text())
                .contains("/stats members").contains("/stats tickets").contains("/stats traffic");
        assertThat(awaitReply(command(Platform.SLACK, "T-OTHER", "members", null)).text()).contains("not enabled");
        String id = "slack:cmd-alerts-" + UUID.randomUUID();
        assertThat(post("com.crowdsurf.chat.command.received", id, new ChatCommandReceived(Platform.SLACK, "T-ALLOWED",
                "U1", "T-ALLOWED:U1", id, "/alerts", "list", null, Instant.now()))).isEqualTo(204);
        // A /stats command posted after it is answered; by then the /alerts one would have been too.
        awaitReply(command(Platform.SLACK, "T-ALLOWED", "", null));
        assertThat(reply(id)).isEmpty();
    }

    @Test
    void trafficAnswersFromPartOnesRollups() throws Exception {
        String site = "st" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", "Bearer test-admin-token").contentType("application/json")
                .body("{\"id\":\"" + site + "\",\"name\":\"Traffic\",\"urls\":[\"https://band.example\"],"
                        + "\"timeZone\":\"UTC\",\"sections\":[{\"prefix\":\"/tour/\",\"section\":\"Tour\"}]}")
                .post("/api/v1/sites").then().statusCode(201);
        String[][] hits = {{"aaaaaaaaaaaaaaa1", "/tour/berlin"}, {"aaaaaaaaaaaaaaa1", "/tour/wien"},
            {"bbbbbbbbbbbbbbb2", "/home"}};
        for (String[] h : hits) {
            given().header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                    + "Chrome/131.0.0.0 Safari/537.36").queryParam("idsite", site).queryParam("rec", "1").queryParam("send_image", "0")
                    .queryParam("_id", h[0]).queryParam("url", "https://band.example" + h[1]).get("/matomo.php")
                    .then().statusCode(204);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Object visits = null;
        while (System.nanoTime() < deadline) {
            visits = given().queryParam("module", "API").queryParam("method", "VisitsSummary.get")
                    .queryParam("idSite", site).queryParam("period", "day").queryParam("date", "today")
                    .queryParam("format", "JSON").queryParam("token_auth", "test-admin-token").get("/index.php")
                    .then().statusCode(200).extract().path("nb_actions");
            if (Integer.valueOf(3).equals(visits)) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(visits).as("the aggregator counted the 3 page views").isEqualTo(3);
        String text = awaitReply(command(Platform.SLACK, "T-ALLOWED", "traffic " + site + " today", null)).text();
        assertThat(text).contains("2 visits, 3 actions").contains("2 unique visitors").contains("Top section: Tour");
        assertThat(awaitReply(command(Platform.SLACK, "T-ALLOWED", "traffic nosuch-" + site, null)).text())
                .contains("No site 'nosuch-" + site + "'");
        assertThat(awaitReply(command(Platform.SLACK, "T-ALLOWED", "traffic " + site + " fortnight", null)).text())
                .contains("Unknown period");
    }

    @Test
    void nonEventsAre400AndPoisonIs500ForTheTriggerToDeadLetter() {
        assertThat(post("com.crowdsurf.chat.message.received", "p1", new ChatMessageReceived(null, null, null, "x",
                "x", null, null, null, null, null))).isEqualTo(500);
        assertThat(post("com.crowdsurf.quiz.draw.requested", "p2", message("a", "a", null, null, Instant.now())))
                .isEqualTo(400);
        given().contentType("application/json").body("{}").post("/").then().statusCode(400)
                .contentType("application/problem+json");
        given().header("ce-specversion", "1.0").header("ce-id", "p3").header("ce-type",
                "com.crowdsurf.chat.message.received").header("ce-source", "/t").contentType("application/json")
                .body("[1]").post("/").then().statusCode(400).body("field", equalTo("data"));
        given().header("ce-specversion", "1.0").header("ce-id", "p4").header("ce-type",
                "com.crowdsurf.chat.message.received").header("ce-source", "/t").contentType("application/json")
                .body("{\"platform\":\"pigeon\"}").post("/").then().statusCode(500)
                .contentType("application/problem+json");
    }
}
