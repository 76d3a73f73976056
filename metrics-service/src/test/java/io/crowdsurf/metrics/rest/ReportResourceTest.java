package io.crowdsurf.metrics.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.crowdsurf.metrics.HitScript;
import io.crowdsurf.metrics.persistence.SiteRepository;
import io.crowdsurf.metrics.service.AggregatorTest;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The REST reports: periods from hour to range, segments, limit and sort, JSON and CSV, refusals. */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
class ReportResourceTest {

    @Inject
    SiteRepository sites;

    private static String site;

    synchronized String seeded() {
        if (site == null) {
            String s = HitScript.newSite(sites, "Europe/Paris");
            AggregatorTest.scenario(s).send();
            HitScript.await("the rollups", 30, () -> "8".equals(actions(s)));
            site = s;
        }
        return site;
    }

    static String actions(String s) {
        Object v = given().auth().oauth2(MatomoApiTest.TOKEN)
                .get("/api/v1/sites/" + s + "/reports/visits?from=2026-11-10&to=2026-11-10").then().extract()
                .jsonPath().get("data[0].nb_actions");
        return String.valueOf(v);
    }

    @Test
    void periodsFromHourToRange() {
        String s = seeded();
        given().auth().oauth2(MatomoApiTest.TOKEN).get("/api/v1/sites/" + s + "/reports/visits?from=2026-11-10&to=2026-11-10&period=hour")
                .then().statusCode(200).body("data", hasSize(24)).body("data[9].date", equalTo("2026-11-10T09"))
                .body("data[9].nb_visits", equalTo(2)).body("data[11].nb_visits", equalTo(1));
        given().auth().oauth2(MatomoApiTest.TOKEN).get("/api/v1/sites/" + s + "/reports/visits?from=2026-11-01&to=2026-11-30&period=week")
                .then().statusCode(200).body("data", hasSize(6)).body("data[2].date", equalTo("2026-11-09,2026-11-15"))
                .body("data[2].nb_visits", equalTo(4)).body("data[2].nb_uniq_visitors", equalTo(3))
                .body("data[0].nb_visits", equalTo(0));
        given().auth().oauth2(MatomoApiTest.TOKEN).get("/api/v1/sites/" + s + "/reports/visits?from=2026-11-01&to=2026-11-30&period=range")
                .then().statusCode(200).body("data", hasSize(1)).body("data[0].nb_visits", equalTo(4))
                .body("data[0].nb_pageviews", equalTo(4));
    }

    @Test
    void tablesWithSegmentLimitSortAndCsv() {
        String s = seeded();
        given().auth().oauth2(MatomoApiTest.TOKEN)
                .get("/api/v1/sites/" + s + "/reports/pages?from=2026-11-10&to=2026-11-10&limit=2&sort=nb_hits")
                .then().statusCode(200).body("data[0].rows", hasSize(2));
        given().auth().oauth2(MatomoApiTest.TOKEN).queryParam("segment", "referrerType==search")
                .get("/api/v1/sites/" + s + "/reports/devices?from=2026-11-10&to=2026-11-10")
                .then().statusCode(200).body("data[0].rows[0].label", equalTo("Smartphone")).body("data[0].rows", hasSize(1));
        for (String r : new String[] {"sections", "downloads", "outlinks", "referrers", "events", "content"}) {
            given().auth().oauth2(MatomoApiTest.TOKEN).get("/api/v1/sites/" + s + "/reports/" + r + "?from=2026-11-10&to=2026-11-10")
                    .then().statusCode(200).body("data[0].rows.size()", org.hamcrest.Matchers.greaterThan(0));
        }
        String csv = given().auth().oauth2(MatomoApiTest.TOKEN)
                .get("/api/v1/sites/" + s + "/reports/sections?from=2026-11-10&to=2026-11-10&format=csv")
                .then().statusCode(200).contentType(containsString("text/csv")).extract().asString();
        assertThat(csv.split("\n")).containsExactly("date,label,nb_visits,nb_hits,segment",
                "2026-11-10,news,1,2,section==news", "2026-11-10,sport,1,1,section==sport");
    }

    @Test
    void refusals() {
        String s = seeded();
        given().get("/api/v1/sites/" + s + "/reports/visits").then().statusCode(401);
        given().auth().oauth2("wrong").get("/api/v1/sites/" + s + "/reports/visits").then().statusCode(401);
        given().auth().oauth2(MatomoApiTest.TOKEN).get("/api/v1/sites/nope/reports/visits").then().statusCode(404);
        given().auth().oauth2(MatomoApiTest.TOKEN).get("/api/v1/sites/" + s + "/reports/goals").then().statusCode(404);
        for (String q : new String[] {"period=decade", "from=yesterday", "from=2026-11-10&to=2026-11-01", "limit=0",
                "limit=x", "format=xml", "segment=city==Paris", "segment=pageUrl==a;referrerName==b",
                "from=2000-01-01&to=2026-01-01&period=hour"}) {
            var req = given().auth().oauth2(MatomoApiTest.TOKEN);
            for (String kv : q.split("&")) {
                req = req.queryParam(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
            req.get("/api/v1/sites/" + s + "/reports/visits").then()
                    .statusCode(400).contentType(containsString("application/problem+json"));
        }
        given().auth().oauth2(MatomoApiTest.TOKEN).queryParam("segment", "referrerName==b")
                .get("/api/v1/sites/" + s + "/reports/pages")
                .then().statusCode(400).body("detail", containsString("referrerName"));
    }
}
