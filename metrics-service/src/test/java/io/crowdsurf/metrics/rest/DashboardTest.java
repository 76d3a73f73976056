package io.crowdsurf.metrics.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.crowdsurf.metrics.HitScript;
import io.crowdsurf.metrics.persistence.SiteRepository;
import io.crowdsurf.metrics.service.AggregatorTest;
import io.crowdsurf.testsupport.Browser;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The dashboard in headless Chromium shows the report API's numbers and follows new hits live. */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
class DashboardTest {

    @Inject
    SiteRepository sites;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void showsTheReportApisNumbersAndRefreshesLive() {
        assumeTrue(Browser.available(), "Chromium and chromedriver are needed (apt-get install chromium chromium-driver)");
        String site = HitScript.newSite(sites, "Europe/Paris");
        AggregatorTest.scenario(site).send();
        HitScript.await("the rollups", 30, () -> "8".equals(visits(site).get("nb_actions").toString()));
        Map<String, Object> api = visits(site);
        List<Map<String, Object>> sections = given().auth().oauth2(MatomoApiTest.TOKEN)
                .get("/api/v1/sites/" + site + "/reports/sections?from=2026-11-01&to=2026-11-30&period=range")
                .then().statusCode(200).extract().jsonPath().getList("data[0].rows");

        String base = "http://localhost:" + port;
        try (Browser browser = Browser.start()) {
            browser.open(base + "/dashboard#token=" + MatomoApiTest.TOKEN + "&site=" + site
                    + "&from=2026-11-01&to=2026-11-30");
            browser.waitForText("#kpi-visits", t -> t.equals(String.valueOf(api.get("nb_visits"))));
            assertThat(browser.text("#kpi-actions")).isEqualTo(String.valueOf(api.get("nb_actions")));
            assertThat(browser.text("#kpi-uniques")).isEqualTo(String.valueOf(api.get("nb_uniq_visitors")));
            assertThat(browser.text("#kpi-bounce")).isEqualTo(String.valueOf(api.get("bounce_rate")));
            browser.waitForCount("#sections tbody tr", sections.size());
            assertThat(browser.findAll("#sections td.label")).extracting(e -> e.getText())
                    .containsExactlyElementsOf(sections.stream().map(r -> String.valueOf(r.get("label"))).toList());
            assertThat(browser.findAll("#downloads td.label")).extracting(e -> e.getText())
                    .containsExactly("https://example.org/file.pdf");
            assertThat(browser.findAll("#referrers td.label")).extracting(e -> e.getText())
                    .containsExactly("Direct Entry", "Search Engines");
            assertThat(browser.findAll("#chart canvas")).isNotEmpty();
            // The webjar's script came from this service: uPlot is defined, no CDN involved.
            assertThat(browser.script("return typeof uPlot")).isEqualTo("function");

            // A new visit shows up without reloading the page.
            new HitScript(site).pageview(HitScript.visitor(20), "2026-11-12T10:00:00Z", "https://example.org/new",
                    "New", "news").send();
            browser.waitForText("#kpi-visits", t -> t.equals(String.valueOf(((Number) api.get("nb_visits")).longValue() + 1)));
            browser.screenshot(Path.of("target/screenshots/dashboard.png"));
        }
    }

    static Map<String, Object> visits(String site) {
        return given().auth().oauth2(MatomoApiTest.TOKEN)
                .get("/api/v1/sites/" + site + "/reports/visits?from=2026-11-01&to=2026-11-30&period=range")
                .then().statusCode(200).extract().jsonPath().getMap("data[0]");
    }
}
