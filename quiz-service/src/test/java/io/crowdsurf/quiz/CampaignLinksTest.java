package io.crowdsurf.quiz;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.crowdsurf.quiz.QuizTestSupport.admin;
import static io.crowdsurf.quiz.QuizTestSupport.campaign;
import static io.crowdsurf.quiz.QuizTestSupport.newBot;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Short links on, metrics-service unreachable (the test profile points at a refused port): a campaign whose pools
 * link to event pages cannot open (503, Retry-After, still a draft, nothing half-registered counts) until it is
 * reachable; one without URLs opens as before. A pool URL must be http(s); a {@code link} sent in is dropped. The
 * registration and the redirect against the real metrics-service are drilled in {@code QuizLinksDrillTest}.
 */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
class CampaignLinksTest {

    static Map<String, Object> withUrl(String bot, String url) {
        Map<String, Object> c = campaign(bot, 1.0, Map.of("ams", 3));
        c.put("pools", List.of(Map.of("id", "ams", "name", "AMS", "capacity", 3, "url", url,
                "link", "https://evil.example/")));
        return c;
    }

    @Test
    void openingIs503WhileMetricsServiceIsAwayAndTheCampaignStaysADraft() {
        String id = admin().contentType("application/json").body(withUrl(newBot(), "https://dj.example/ams"))
                .post("/api/v1/campaigns").then().statusCode(201).body("pools[0].url", equalTo("https://dj.example/ams"))
                .body("pools[0].link", nullValue()).extract().path("id");
        admin().post("/api/v1/campaigns/" + id + "/open").then().statusCode(503)
                .contentType("application/problem+json").header("Retry-After", "5")
                .body("detail", containsString("short links could not be registered"));
        admin().get("/api/v1/campaigns/" + id).then().statusCode(200).body("status", equalTo("DRAFT"))
                .body("pools[0].link", nullValue());
    }

    @Test
    void aCampaignWithoutUrlsOpensWithoutMetricsService() {
        String id = admin().contentType("application/json").body(campaign(newBot(), 1.0, Map.of("ams", 3)))
                .post("/api/v1/campaigns").then().statusCode(201).extract().path("id");
        admin().post("/api/v1/campaigns/" + id + "/open").then().statusCode(200).body("status", equalTo("OPEN"));
    }

    @Test
    void aPoolUrlMustBeHttp() {
        for (String bad : List.of("ftp://dj.example/ams", "javascript:alert(1)", "https://user@dj.example/", "nope")) {
            admin().contentType("application/json").body(withUrl(newBot(), bad)).post("/api/v1/campaigns").then()
                    .statusCode(400).body("field", equalTo("pools.0.url"));
        }
    }
}
