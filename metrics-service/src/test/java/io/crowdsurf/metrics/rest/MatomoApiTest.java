package io.crowdsurf.metrics.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.crowdsurf.metrics.HitScript;
import io.crowdsurf.metrics.persistence.SiteRepository;
import io.crowdsurf.metrics.service.AggregatorTest;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** The Matomo Reporting API subset against figures computed by hand from {@code AggregatorTest.scenario}. */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
class MatomoApiTest {

    static final String TOKEN = "test-admin-token";
    private static String site;
    private static String nySite;

    @Inject
    SiteRepository sites;

    /** The scenario once, in Paris; plus a New York site whose only hit is 23:30 UTC on 30 November. */
    synchronized void seed() {
        if (site != null) {
            return;
        }
        String paris = HitScript.newSite(sites, "Europe/Paris");
        AggregatorTest.scenario(paris)
                .pageview(HitScript.visitor(7), "2026-11-30T23:30:00Z", "https://example.org/late", "Late", "news")
                .send();
        String ny = HitScript.newSite(sites, "America/New_York");
        new HitScript(ny).pageview(HitScript.visitor(7), "2026-11-30T23:30:00Z", "https://example.org/late", "Late",
                "news").send();
        HitScript.await("the scenario's rollups", 30, () -> visits(ny, "2026-11-30").equals("1")
                && visits(paris, "2026-11-10").equals("4") && visits(paris, "2026-12-01").equals("1"));
        site = paris;
        nySite = ny;
    }

    /** A form body sent byte for byte (RestAssured re-encodes form bodies). */
    static java.net.http.HttpResponse<String> rawForm(byte[] body) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + io.restassured.RestAssured.port + "/index.php"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static String visits(String idSite, String day) {
        Object v = api(idSite, "VisitsSummary.get", "day", day).extract().jsonPath().get("nb_visits");
        return String.valueOf(v);
    }

    static ValidatableResponse api(String idSite, String method, String period, String date, String... more) {
        var req = given().queryParam("module", "API").queryParam("method", method).queryParam("idSite", idSite)
                .queryParam("period", period).queryParam("date", date).queryParam("format", "JSON")
                .queryParam("token_auth", TOKEN);
        for (int i = 0; i < more.length; i += 2) {
            req = req.queryParam(more[i], more[i + 1]);
        }
        return req.get("/index.php").then();
    }

    @Test
    void visitsSummaryOfADay() {
        seed();
        Map<String, Object> s = api(site, "VisitsSummary.get", "day", "2026-11-10").statusCode(200).extract()
                .jsonPath().getMap("");
        assertThat(s).containsExactly(Map.entry("nb_uniq_visitors", 3), Map.entry("nb_users", 0),
                Map.entry("nb_visits", 4), Map.entry("nb_actions", 8), Map.entry("nb_visits_converted", 0),
                Map.entry("bounce_count", 2), Map.entry("sum_visit_length", 1140), Map.entry("max_actions", 3),
                Map.entry("bounce_rate", "50%"), Map.entry("nb_actions_per_visit", 2),
                Map.entry("avg_time_on_site", 285));
    }

    @Test
    void severalPeriodsAreKeyedByDateAndEmptyOnesAreEmptyTables() {
        seed();
        api(site, "VisitsSummary.get", "day", "2026-11-09,2026-11-11").statusCode(200)
                .body("'2026-11-09'.size()", equalTo(0)).body("'2026-11-10'.nb_visits", equalTo(4))
                .body("'2026-11-11'.size()", equalTo(0));
        // Month ends in the site's time zone: 23:30 UTC on 30 November is 1 December in Paris, still 30
        // November in New York.
        api(site, "VisitsSummary.get", "month", "2026-11-10,2026-12-01").statusCode(200)
                .body("'2026-11'.nb_visits", equalTo(4)).body("'2026-12'.nb_visits", equalTo(1));
        api(nySite, "VisitsSummary.get", "month", "2026-11-15").body("nb_visits", equalTo(1));
        api(nySite, "VisitsSummary.get", "day", "2026-12-01").body("size()", equalTo(0));
        // A free range: summed from whole months and days; unique visitors are not kept for ranges (as Matomo).
        api(site, "VisitsSummary.get", "range", "2026-10-30,2026-12-01").statusCode(200)
                .body("nb_visits", equalTo(5)).body("$", not(hasKey("nb_uniq_visitors")));
        api(site, "VisitsSummary.get", "week", "2026-11-10").body("nb_uniq_visitors", equalTo(3));
        api(site, "VisitsSummary.get", "year", "2026-01-01").body("nb_visits", equalTo(5));
    }

    @Test
    void lastNAndPreviousNCountFromToday() {
        seed();
        Map<String, Object> last = api(site, "VisitsSummary.get", "day", "last3").statusCode(200).extract().jsonPath()
                .getMap("");
        assertThat(last).hasSize(3);
        Map<String, Object> prev = api(site, "VisitsSummary.get", "month", "previous2").statusCode(200).extract()
                .jsonPath().getMap("");
        assertThat(prev).hasSize(2);
    }

    @Test
    void tablesInMatomosShape() {
        seed();
        api(site, "Actions.getPageUrls", "day", "2026-11-10", "flat", "1").statusCode(200)
                .body("size()", equalTo(4)).body("label", hasItem("/news/1"))
                .body("find { it.label == '/news' }.nb_hits", equalTo(1))
                .body("find { it.label == '/news' }.url", equalTo("https://example.org/news"))
                .body("find { it.label == '/news' }.segment", equalTo("pageUrl==https%3A%2F%2Fexample.org%2Fnews"));
        api(site, "Actions.getPageUrls", "day", "2026-11-10", "filter_limit", "2", "filter_offset", "1")
                .body("size()", equalTo(2));
        api(site, "Actions.getPageTitles", "day", "2026-11-10").body("label", hasItem("Story 1"));
        api(site, "Actions.getDownloads", "day", "2026-11-10").body("[0].label", equalTo("https://example.org/file.pdf"))
                .body("[0].nb_visits", equalTo(1)).body("[0].nb_hits", equalTo(1));
        api(site, "Actions.getOutlinks", "day", "2026-11-10").body("[0].label", equalTo("https://other.example/x"));
        api(site, "Referrers.getReferrerType", "day", "2026-11-10").body("[0].label", equalTo("Direct Entry"))
                .body("[0].nb_visits", equalTo(3)).body("[1].label", equalTo("Search Engines"))
                .body("[1].segment", equalTo("referrerType==search")).body("[1].bounce_count", equalTo(1));
        api(site, "DevicesDetection.getType", "day", "2026-11-10").body("[0].label", equalTo("Desktop"))
                .body("[0].nb_visits", equalTo(3)).body("[1].label", equalTo("Smartphone"));
        api(site, "Events.getCategory", "day", "2026-11-10").body("[0].label", equalTo("video"))
                .body("[0].nb_events", equalTo(1)).body("[0].sum_event_value", equalTo(3.5f))
                .body("[0].max_event_value", equalTo(3.5f)).body("[0].nb_events_with_value", equalTo(1));
        api(site, "Events.getAction", "day", "2026-11-10").body("[0].label", equalTo("play"));
        api(site, "Contents.getContentNames", "day", "2026-11-10").body("[0].label", equalTo("banner"))
                .body("[0].nb_impressions", equalTo(1)).body("[0].nb_interactions", equalTo(1))
                .body("[0].interaction_rate", equalTo("100%"));
        api(site, "Actions.get", "day", "2026-11-10").body("nb_pageviews", equalTo(4)).body("nb_downloads", equalTo(1))
                .body("nb_outlinks", equalTo(1)).body("nb_uniq_pageviews", equalTo(4));
    }

    @Test
    void segmentsInMatomoSyntax() {
        seed();
        api(site, "VisitsSummary.get", "day", "2026-11-10", "segment", "visitorType==returning")
                .body("nb_visits", equalTo(1)).body("nb_actions", equalTo(1));
        api(site, "VisitsSummary.get", "day", "2026-11-10", "segment", "deviceType==smartphone,visitorType==returning")
                .body("nb_visits", equalTo(2));
        api(site, "VisitsSummary.get", "day", "2026-11-10", "segment", "referrerType!=direct;deviceType=@phone")
                .body("nb_visits", equalTo(1)).body("bounce_rate", equalTo("100%"));
        api(site, "VisitsSummary.get", "day", "2026-11-10", "segment", "referrerName==Google")
                .body("nb_visits", equalTo(1));
        api(site, "VisitsSummary.get", "day", "2026-11-10", "segment", "section==sport")
                .body("nb_visits", equalTo(1)).body("nb_actions", equalTo(1));
        api(site, "VisitsSummary.get", "day", "2026-11-10", "segment", "pageTitle=^Story")
                .body("nb_visits", equalTo(1));
        api(site, "Actions.getPageUrls", "day", "2026-11-10", "segment", "pageUrl=$news")
                .body("label", equalTo(List.of("/news")));
        api(site, "Events.getCategory", "day", "2026-11-10", "segment", "eventCategory==video;visitorType==new")
                .body("size()", equalTo(1));
        api(site, "Actions.getPageUrls", "day", "2026-11-10", "segment", "deviceType==smartphone")
                .body("label", equalTo(List.of("/")));
    }

    @Test
    void severalSitesAreKeyedBySite() {
        seed();
        api(site + "," + nySite, "VisitsSummary.get", "day", "2026-11-30").statusCode(200)
                .body(nySite + ".nb_visits", equalTo(1)).body(site + ".size()", equalTo(0));
        api("all", "VisitsSummary.get", "day", "2026-11-10").statusCode(200).body(site + ".nb_visits", equalTo(4));
    }

    @Test
    void xmlCsvAndTsv() {
        seed();
        String xml = given().queryParams(Map.of("module", "API", "method", "VisitsSummary.get", "idSite", site,
                "period", "day", "date", "2026-11-10", "token_auth", TOKEN)).get("/index.php").then().statusCode(200)
                .contentType(containsString("xml")).extract().asString();
        assertThat(xml).startsWith("<?xml").contains("<result>").contains("<nb_visits>4</nb_visits>")
                .contains("<bounce_rate>50%</bounce_rate>");
        String multi = api(site, "VisitsSummary.get", "day", "2026-11-10,2026-11-11", "format", "xml").extract().asString();
        assertThat(multi).contains("<results>").contains("<result date=\"2026-11-10\">").contains("<result date=\"2026-11-11\" />");
        String csv = api(site, "VisitsSummary.get", "day", "2026-11-10", "format", "CSV").statusCode(200).extract().asString();
        assertThat(csv.split("\n")).containsExactly(
                "nb_uniq_visitors,nb_users,nb_visits,nb_actions,nb_visits_converted,bounce_count,sum_visit_length,"
                        + "max_actions,bounce_rate,nb_actions_per_visit,avg_time_on_site",
                "3,0,4,8,0,2,1140,3,50%,2,285");
        String tsv = api(site, "Actions.getDownloads", "day", "2026-11-09,2026-11-10", "format", "TSV").extract().asString();
        assertThat(tsv.split("\n")[0]).startsWith("date\tlabel\tnb_visits\tnb_hits");
        assertThat(tsv.split("\n")[1]).startsWith("2026-11-10\thttps://example.org/file.pdf\t1\t1");
        // POST with a form body, as some connectors send it.
        given().contentType("application/x-www-form-urlencoded").formParam("module", "API")
                .formParam("method", "VisitsSummary.get").formParam("idSite", site).formParam("period", "day")
                .formParam("date", "2026-11-10").formParam("format", "json").formParam("token_auth", TOKEN)
                .post("/index.php").then().statusCode(200).body("nb_visits", equalTo(4));
    }

    @Test
    void reportMetadataListsWhatIsServed() {
        api(site == null ? "x" : site, "API.getReportMetadata", "day", "today").statusCode(200)
                .body("uniqueId", hasItem("VisitsSummary_get")).body("uniqueId", hasItem("Contents_getContentNames"))
                .body("find { it.uniqueId == 'VisitsSummary_get' }.metrics.nb_visits", equalTo("Visits"));
    }

    @Test
    void everythingUnsupportedIsAMatomoErrorNeverA500() {
        seed();
        api(site, "Goals.get", "day", "today").statusCode(400).body("result", equalTo("error"))
                .body("message", containsString("Goals.get"));
        api(site, "VisitsSummary.get", "decade", "today").statusCode(400).body("result", equalTo("error"));
        api(site, "VisitsSummary.get", "day", "2026-02-30").statusCode(400).body("result", equalTo("error"));
        api(site, "VisitsSummary.get", "day", "today", "segment", "city==Paris").statusCode(400)
                .body("message", containsString("city"));
        api(site, "VisitsSummary.get", "day", "today", "segment", "pageUrl==a;referrerName==b").statusCode(400)
                .body("result", equalTo("error"));
        api(site, "Actions.getPageUrls", "day", "today", "filter_pattern", "x").statusCode(400)
                .body("message", containsString("filter_pattern"));
        api(site, "Actions.getPageUrls", "day", "today", "filter_limit", "many").statusCode(400);
        api("nope", "VisitsSummary.get", "day", "today").statusCode(400)
                .body("message", containsString("unexpected website"));
        given().queryParams(Map.of("module", "API", "method", "VisitsSummary.get", "idSite", site, "period", "day",
                "date", "today", "format", "json", "token_auth", "wrong")).get("/index.php").then().statusCode(401)
                .body("result", equalTo("error"));
        given().queryParams(Map.of("module", "API", "method", "VisitsSummary.get", "format", "json"))
                .get("/index.php").then().statusCode(401);
        for (byte[] body : new byte[][] {"module=API&%zz=1".getBytes(), {(byte) 0xff, (byte) 0xfe, '=', '%', 'E', '0'},
                "%E0%A4%A=1&format=json".getBytes(), "=&&==%".getBytes()}) {
            var r = rawForm(body);
            assertThat(r.statusCode()).isIn(400, 401);
            assertThat(r.body()).contains("\"result\":\"error\"");
        }
        given().queryParams(Map.of("module", "API", "format", "HTML")).get("/index.php").then().statusCode(400)
                .body("result", equalTo("error"));
        given().queryParams(Map.of("module", "API", "method", "VisitsSummary.get", "idSite", site, "period", "day",
                "date", "today", "token_auth", TOKEN, "format", "xml", "segment", "nope")).get("/index.php").then()
                .statusCode(400).body(containsString("<error message="));
    }
}
