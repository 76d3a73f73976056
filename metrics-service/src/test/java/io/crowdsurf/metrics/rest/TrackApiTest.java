package io.crowdsurf.metrics.rest;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.crowdsurf.events.data.HitKind;
import io.crowdsurf.events.data.HitTracked;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.crowdsurf.metrics.MetricsTestSupport.CHROME;
import static io.crowdsurf.metrics.MetricsTestSupport.hits;
import static io.crowdsurf.metrics.MetricsTestSupport.newSite;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** POST /api/v1/track: strict JSON batches, all or nothing. */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
class TrackApiTest {

    @Test
    void aBatchIsWrittenWithAliasesAndMatomoNames() {
        String site = newSite();
        List<String> ids = given().contentType("application/json").header("User-Agent", CHROME).body("""
                {"site": "%1$s", "hits": [
                  {"url": "https://%1$s.example/blog/x", "title": "X", "visitorId": "abcdefabcdefabcd", "id": "h1"},
                  {"eventCategory": "Video", "eventAction": "Play", "eventValue": 3, "visitorId": "abcdefabcdefabcd", "id": "h2"},
                  {"idsite": "%1$s", "download": "https://%1$s.example/a.zip", "_id": "abcdefabcdefabcd", "r": "h3"}
                ]}""".formatted(site)).post("/api/v1/track").then().statusCode(200)
                .body("accepted", equalTo(3)).body("hitIds", hasSize(3)).extract().jsonPath().getList("hitIds");
        List<HitTracked> hits = hits(site);
        assertThat(hits).extracting(HitTracked::hitId).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(hits).extracting(HitTracked::kind).containsExactlyInAnyOrder(HitKind.PAGEVIEW, HitKind.EVENT,
                HitKind.DOWNLOAD);
        assertThat(hits).allSatisfy(h -> assertThat(h.browser()).isEqualTo("Chrome"));
    }

    @Test
    void unknownSiteUnknownFieldOrBadHitIs400AndNothingIsWritten() {
        String site = newSite();
        given().contentType("application/json").body("""
                {"site": "%1$s", "hits": [{"url": "https://a.example/"}, {"idsite": "no-such-site-77", "url": "https://a.example/"}]}
                """.formatted(site)).post("/api/v1/track").then().statusCode(400)
                .contentType("application/problem+json").body("extra.errors[0].index", equalTo(1))
                .body("extra.errors[0].field", equalTo("idsite"));
        given().contentType("application/json").body("""
                {"site": "%s", "hits": [{"url": "https://a.example/", "colour": "red"}]}""".formatted(site))
                .post("/api/v1/track").then().statusCode(400).body("field", equalTo("colour"));
        given().contentType("application/json").body("""
                {"site": "%s", "hits": [{"eventCategory": "only"}]}""".formatted(site))
                .post("/api/v1/track").then().statusCode(400).body("field", equalTo("e_a"));
        given().contentType("application/json").body("{\"hits\": []}").post("/api/v1/track").then().statusCode(400);
        given().contentType("application/json").body("[1,2]").post("/api/v1/track").then().statusCode(400);
        given().contentType("application/json").body("{\"hits\": [").post("/api/v1/track").then().statusCode(400);
        given().contentType("text/plain").body("{}").post("/api/v1/track").then().statusCode(415);
        assertThat(hits(site)).isEmpty();
    }

    @Test
    void anIdempotencyKeyGivesTheSameHitIdOnRetry() {
        String site = newSite();
        String body = """
                {"site": "%s", "hits": [{"url": "https://a.example/", "visitorId": "1234123412341234", "id": "k-1"}]}
                """.formatted(site);
        String first = given().contentType("application/json").body(body).post("/api/v1/track").then().statusCode(200)
                .extract().path("hitIds[0]");
        String second = given().contentType("application/json").body(body).post("/api/v1/track").then().statusCode(200)
                .extract().path("hitIds[0]");
        assertThat(second).isEqualTo(first);
    }
}
