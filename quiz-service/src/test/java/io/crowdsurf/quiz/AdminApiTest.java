package io.crowdsurf.quiz;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crowdsurf.quiz.domain.TicketCodes;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import static io.crowdsurf.quiz.QuizTestSupport.admin;
import static io.crowdsurf.quiz.QuizTestSupport.campaign;
import static io.crowdsurf.quiz.QuizTestSupport.createOpen;
import static io.crowdsurf.quiz.QuizTestSupport.deliver;
import static io.crowdsurf.quiz.QuizTestSupport.newBot;
import static io.crowdsurf.quiz.QuizTestSupport.text;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasLength;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
class AdminApiTest {

    @BeforeAll
    static void startTap() {
        ReplyTap.start();
    }

    @Test
    void everyApiCallNeedsTheToken() {
        given().get("/api/v1/campaigns").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", startsWith("Bearer"));
        given().header("Authorization", "Bearer nope").get("/api/v1/campaigns").then().statusCode(401);
        given().header("Authorization", "Basic dGVzdC1hZG1pbi10b2tlbg==").get("/api/v1/campaigns").then()
                .statusCode(401);
        given().post("/api/v1/tickets/ABC/check-in").then().statusCode(401);
        admin().get("/api/v1/campaigns").then().statusCode(200);
        // Health and metrics stay public for the platform.
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void createReadUpdateListOpenClose() {
        String bot = newBot();
        Map<String, Object> body = campaign(bot, 0.25, Map.of("ams", 10));
        body.put("id", "dj-" + bot);
        body.put("messages", Map.of("welcome", "Yo {name}!"));
        admin().contentType("application/json").body(body).post("/api/v1/campaigns").then().statusCode(201)
                .header("Location", containsString("/api/v1/campaigns/dj-" + bot))
                .body("status", equalTo("DRAFT")).body("requiredCorrect", equalTo(2))
                .body("ticketsPerFan", equalTo(1))
                .body("messages.welcome", equalTo("Yo {name}!"))
                .body("messages.notSelected", startsWith("Thanks for joining"))
                .body("pools[0].remaining", equalTo(10))
                .body("seedSha256", hasLength(64)).body("seed", nullValue());
        String id = "dj-" + bot;
        admin().contentType("application/json").body(body).post("/api/v1/campaigns").then().statusCode(409);

        body.put("name", "DJ Birthday Bash 2");
        body.put("pools", List.of(Map.of("id", "ams", "name", "Amsterdam", "capacity", 12),
                Map.of("id", "nyc", "name", "New York", "capacity", 4)));
        admin().contentType("application/json").body(body).put("/api/v1/campaigns/" + id).then().statusCode(200)
                .body("name", equalTo("DJ Birthday Bash 2")).body("version", equalTo(2))
                .body("pools.find { it.id == 'nyc' }.remaining", equalTo(4))
                .body("pools.find { it.id == 'ams' }.capacity", equalTo(12));

        admin().get("/api/v1/campaigns/" + id).then().statusCode(200).body("name", equalTo("DJ Birthday Bash 2"));
        admin().get("/api/v1/campaigns?status=draft").then().statusCode(200).body("id", hasItem(id));
        admin().get("/api/v1/campaigns?status=bogus").then().statusCode(400).body("field", equalTo("status"));
        admin().post("/api/v1/campaigns/" + id + "/open").then().statusCode(200).body("status", equalTo("OPEN"));
        admin().get("/api/v1/campaigns?status=OPEN").then().statusCode(200).body("id", hasItem(id));

        // A second campaign on the same bot at the same time cannot open.
        Map<String, Object> rival = campaign(bot, 1.0, Map.of("ams", 1));
        String rivalId = admin().contentType("application/json").body(rival).post("/api/v1/campaigns").then()
                .statusCode(201).extract().path("id");
        admin().post("/api/v1/campaigns/" + rivalId + "/open").then().statusCode(409)
                .body("detail", containsString(id));

        admin().post("/api/v1/campaigns/" + id + "/close").then().statusCode(200).body("status", equalTo("CLOSED"))
                .body("seed", hasLength(64));
        admin().post("/api/v1/campaigns/" + id + "/open").then().statusCode(409);
        admin().contentType("application/json").body(body).put("/api/v1/campaigns/" + id).then().statusCode(409);
        admin().post("/api/v1/campaigns/" + rivalId + "/open").then().statusCode(200);
    }

    @Test
    void unknownCampaignIs404() {
        admin().get("/api/v1/campaigns/nope").then().statusCode(404).contentType("application/problem+json");
        admin().get("/api/v1/campaigns/nope/stats").then().statusCode(404);
        admin().get("/api/v1/campaigns/nope/winners.csv").then().statusCode(404);
        admin().post("/api/v1/campaigns/nope/open").then().statusCode(404);
        admin().contentType("application/json").body(campaign(newBot(), 1.0, Map.of("a", 1)))
                .put("/api/v1/campaigns/nope").then().statusCode(404);
    }

    @Test
    void validationErrorsNameTheField() {
        invalid(c -> c.remove("name"), "name");
        invalid(c -> c.put("id", "Not An Id!"), "id");
        invalid(c -> c.remove("startsAt"), "startsAt");
        invalid(c -> c.put("endsAt", Instant.parse("2000-01-01T00:00:00Z").toString()), "endsAt");
        invalid(c -> c.put("startsAt", "tomorrow-ish"), "startsAt");
        invalid(c -> c.put("channels", List.of()), "channels");
        invalid(c -> c.put("channels", List.of(Map.of("platform", "carrier-pigeon", "botId", "x"))), "channels.0.platform");
        invalid(c -> c.put("channels", List.of(Map.of("platform", "messenger", "botId", " "))), "channels.0.botId");
        invalid(c -> c.put("selection", Map.of("mode", "INSTANT", "probability", 1.5)), "selection.probability");
        invalid(c -> c.put("selection", Map.of("mode", "INSTANT")), "selection.probability");
        invalid(c -> c.put("selection", Map.of("mode", "SCHEDULED", "messageTag", "PROMO")), "selection.messageTag");
        invalid(c -> c.put("selection", Map.of("mode", "LOTTERY")), "selection.mode");
        invalid(c -> c.put("questions", List.of()), "questions");
        invalid(c -> c.put("questions", List.of(Map.of("text", "Q?", "accepted", List.of()))), "questions.0.accepted");
        invalid(c -> c.put("questions", List.of(Map.of("text", "Q?", "accepted", List.of("x"),
                "options", List.of("a", "b")))), "questions.0.options");
        invalid(c -> c.put("questions", List.of(Map.of("text", "Q?", "accepted", List.of("a"),
                "options", List.of("a", "this option title is far too long for a button")))), "questions.0.options.1");
        invalid(c -> c.put("requiredCorrect", 3), "requiredCorrect");
        invalid(c -> c.put("pools", List.of()), "pools");
        invalid(c -> c.put("pools", List.of(Map.of("id", "ams", "name", "AMS", "capacity", -1))), "pools.0.capacity");
        invalid(c -> c.put("pools", List.of(Map.of("id", "ams", "name", "AMS", "capacity", 1),
                Map.of("id", "ams", "name", "AMS2", "capacity", 1))), "pools.1.id");
        invalid(c -> c.put("messages", Map.of("ticket", "You won!")), "messages.ticket");
        invalid(c -> c.put("probabilty", 0.5), "probabilty");
        admin().contentType("application/json").body("{not json").post("/api/v1/campaigns").then().statusCode(400)
                .contentType("application/problem+json");
        admin().contentType("application/json").body(" ").post("/api/v1/campaigns").then().statusCode(400);
    }

    @Test
    void frozenOnceFansPlayedButCapacityCanGrow() {
        String bot = newBot();
        Map<String, Object> body = campaign(bot, 1.0, Map.of("ams", 2));
        String id = createOpen(body);
        deliver(text(bot, "p1", "hi"));
        ReplyTap.awaitReplies(QuizTestSupport.conversation(bot, "p1"), 1);
        body.put("selection", Map.of("mode", "INSTANT", "probability", 0.5));
        admin().contentType("application/json").body(body).put("/api/v1/campaigns/" + id).then().statusCode(409);
        body.put("selection", Map.of("mode", "INSTANT", "probability", 1.0));
        body.put("pools", List.of(Map.of("id", "ams", "name", "AMS", "capacity", 5)));
        admin().contentType("application/json").body(body).put("/api/v1/campaigns/" + id).then().statusCode(200)
                .body("pools[0].remaining", equalTo(5));
    }

    @Test
    void statsAndWinnersCsv() {
        String bot = newBot();
        String id = createOpen(campaign(bot, 1.0, Map.of("ams", 3)));
        String user = "=HYPERLINK(\"evil\")";
        deliver(text(bot, user, "hi"));
        deliver(text(bot, user, "amsterdam"));
        deliver(text(bot, user, "2009"));
        ReplyTap.awaitReplies(QuizTestSupport.conversation(bot, user), 3);
        deliver(text(bot, "loser", "hi"));
        deliver(text(bot, "loser", "paris"));
        ReplyTap.awaitReplies(QuizTestSupport.conversation(bot, "loser"), 2);

        admin().get("/api/v1/campaigns/" + id + "/stats").then().statusCode(200)
                .body("entrants", equalTo(2)).body("selected", equalTo(2)).body("answered", equalTo(2))
                .body("won", equalTo(1)).body("lost", equalTo(1)).body("ticketsIssued", equalTo(1))
                .body("pools[0].capacity", equalTo(3)).body("pools[0].remaining", equalTo(2))
                .body("pools[0].issued", equalTo(1));

        String csv = admin().get("/api/v1/campaigns/" + id + "/winners.csv").then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asString();
        String[] lines = csv.split("\r\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("ticket_code,pool_id,pool_name,fan_id");
        assertThat(lines[1]).contains(",ams,AMS,").contains("\"'=HYPERLINK(\"\"evil\"\")\"");
    }

    @Test
    void checkInAdmitsOnce() {
        String bot = newBot();
        String id = createOpen(campaign(bot, 1.0, Map.of("ams", 3)));
        deliver(text(bot, "door", "hi"));
        deliver(text(bot, "door", "amsterdam"));
        deliver(text(bot, "door", "2009"));
        ReplyTap.awaitReplies(QuizTestSupport.conversation(bot, "door"), 3);
        // The award is published with the 3rd reply (one per turn): wait for it too rather than race the tap.
        String code = ReplyTap.await(() -> ReplyTap.awards(QuizTestSupport.conversation(bot, "door")),
                l -> !l.isEmpty(), "expected the award of door").get(0).ticketCode();

        admin().get("/api/v1/tickets/" + code).then().statusCode(200).body("checkedInAt", nullValue());
        // Staff may type it in lower case with dashes.
        String typed = code.toLowerCase().substring(0, 13) + "-" + code.toLowerCase().substring(13);
        admin().post("/api/v1/tickets/" + typed + "/check-in").then().statusCode(200)
                .body("code", equalTo(code)).body("campaignId", equalTo(id)).body("checkedInAt", notNullValue());
        ValidatableResponse again = admin().post("/api/v1/tickets/" + code + "/check-in").then().statusCode(409)
                .contentType("application/problem+json");
        again.body("extra.checkedInAt", notNullValue());
        admin().post("/api/v1/tickets/" + TicketCodes.next() + "/check-in").then().statusCode(404);
        admin().get("/api/v1/campaigns/" + id + "/stats").then().body("checkedIn", equalTo(1));
    }

    private static void invalid(java.util.function.Consumer<Map<String, Object>> change, String field) {
        Map<String, Object> body = campaign(newBot(), 1.0, Map.of("ams", 1));
        change.accept(body);
        admin().contentType("application/json").body(body).post("/api/v1/campaigns").then()
                .statusCode(400).contentType("application/problem+json").body("field", equalTo(field));
    }
}
