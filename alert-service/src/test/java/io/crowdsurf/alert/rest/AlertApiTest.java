package io.crowdsurf.alert.rest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crowdsurf.alert.OpenMeteoResource;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.crowdsurf.alert.AlertTests.admin;
import static io.crowdsurf.alert.AlertTests.alert;
import static io.crowdsurf.alert.AlertTests.create;
import static io.crowdsurf.alert.AlertTests.freshPlace;
import static io.crowdsurf.alert.AlertTests.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** The alert API: CRUD by the admin, validation errors naming the field, and authentication. */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OpenMeteoResource.class, restrictToAnnotatedClass = false)
class AlertApiTest {

    private static Map<String, Object> goldenSnow() {
        return Map.of("light", List.of("evening-golden-hour"), "precipitation", List.of("snow"),
                "days", List.of("sat", "sunday"), "precipitationMm", Map.of("min", 0.1, "max", 5),
                "maxLowCloud", 40, "horizonHours", 72, "minWindowMinutes", 15);
    }

    @Test
    void adminCreatesReadsUpdatesListsAndDeletes() {
        String conv = "telegram:bot1:" + unique();
        String id = create(alert("Dune snow", conv, freshPlace(), goldenSnow()));

        admin().get("/api/v1/alerts/" + id).then().statusCode(200)
                .body("nickname", equalTo("Dune snow"))
                .body("owner.conversationId", equalTo(conv))
                .body("owner.botId", equalTo("bot1"))
                .body("conditions.light", equalTo(List.of("evening-golden-hour")))
                .body("conditions.days", equalTo(List.of("saturday", "sunday")))
                .body("conditions.precipitation", equalTo(List.of("snow")))
                .body("conditions.horizonHours", equalTo(72))
                .body("timeZone", nullValue());

        Map<String, Object> changed = alert("Dune rain", null, freshPlace(), Map.of("precipitation", List.of("rain")));
        admin().body(changed).put("/api/v1/alerts/" + id).then().statusCode(200)
                .body("nickname", equalTo("Dune rain")).body("conditions.horizonHours", equalTo(48))
                .body("owner.conversationId", equalTo(conv));
        admin().queryParam("conversationId", conv).get("/api/v1/alerts").then().statusCode(200)
                .body("", hasSize(1)).body("[0].id", equalTo(id));

        admin().delete("/api/v1/alerts/" + id).then().statusCode(204);
        admin().get("/api/v1/alerts/" + id).then().statusCode(404)
                .contentType(containsString("application/problem+json"));
        admin().queryParam("conversationId", conv).get("/api/v1/alerts").then().body("", hasSize(0));
    }

    @Test
    void validationErrorsNameTheField() {
        String conv = "webchat:site:" + unique();
        expect400(alert("x", conv, new double[] {91, 4}, goldenSnow()), "location.latitude");
        expect400(alert("x", conv, new double[] {52, 181}, goldenSnow()), "location.longitude");
        expect400(alert("x", conv, freshPlace(), Map.of("light", List.of("sunrise", "brunch"))), "conditions.light[1]");
        expect400(alert("x", conv, freshPlace(), Map.of("twilight", List.of("golden"))), "conditions.twilight[0]");
        expect400(alert("x", conv, freshPlace(), Map.of()), "conditions");
        expect400(alert("x", conv, freshPlace(), Map.of("light", List.of("noon"), "horizonHours", 169)),
                "conditions.horizonHours");
        expect400(alert("x", conv, freshPlace(), Map.of("precipitation", List.of("hail"))), "conditions.precipitation[0]");
        expect400(alert("x", conv, freshPlace(), Map.of("days", List.of("someday"))), "conditions.days[0]");
        expect400(alert("x", conv, freshPlace(), Map.of("maxLowCloud", 101)), "conditions.maxLowCloud");
        expect400(alert("x", conv, freshPlace(), Map.of("precipitationMm", Map.of("min", 3, "max", 1))),
                "conditions.precipitationMm");
        expect400(alert("", conv, freshPlace(), goldenSnow()), "nickname");
        expect400(alert("x", null, freshPlace(), goldenSnow()), "owner");
        Map<String, Object> badHook = new java.util.HashMap<>(alert("x", conv, freshPlace(), goldenSnow()));
        badHook.put("webhookUrl", "ftp://example.com/hook");
        expect400(badHook, "webhookUrl");
        Map<String, Object> unknownField = new java.util.HashMap<>(alert("x", conv, freshPlace(), goldenSnow()));
        unknownField.put("colour", "blue");
        expect400(unknownField, "colour");
        admin().body("{\"nickname\": ").post("/api/v1/alerts").then().statusCode(400)
                .contentType(containsString("application/problem+json"));
        admin().body(new byte[] {'{', '"', (byte) 0xC3, '"', '}'}).post("/api/v1/alerts").then().statusCode(400);
        admin().body("null").post("/api/v1/alerts").then().statusCode(400);
        admin().body("").post("/api/v1/alerts").then().statusCode(400);
    }

    @Test
    void oversizedBodiesAre413() {
        byte[] big = ("{\"nickname\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}").getBytes(StandardCharsets.UTF_8);
        admin().body(big).post("/api/v1/alerts").then().statusCode(413);
    }

    @Test
    void missingOrWrongTokensAre401() {
        given().contentType("application/json").body(alert("x", "webchat:s:u", freshPlace(), goldenSnow()))
                .post("/api/v1/alerts").then().statusCode(401).contentType(containsString("application/problem+json"));
        given().header("Authorization", "Bearer nope").get("/api/v1/alerts").then().statusCode(401);
        given().header("Authorization", "Basic dGVzdDp0ZXN0").get("/api/v1/alerts/x").then().statusCode(401);
        given().header("Authorization", "Bearer v1.e30.AAAA").delete("/api/v1/alerts/x").then().statusCode(401);
    }

    @Test
    void aClientOfferingAnHttp2UpgradeIsServedNot500() throws Exception {
        var client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_2).build();
        String body = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                alert("h2c", "webchat:site:" + unique(), freshPlace(), goldenSnow()));
        var response = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + io.restassured.RestAssured.port + "/api/v1/alerts"))
                .header("Authorization", "Bearer " + io.crowdsurf.alert.AlertTests.ADMIN)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        org.assertj.core.api.Assertions.assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static void expect400(Map<String, Object> body, String field) {
        admin().body(body).post("/api/v1/alerts").then().statusCode(400)
                .contentType(containsString("application/problem+json")).body("field", equalTo(field));
    }
}
