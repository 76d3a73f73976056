package io.crowdsurf.metrics.rest;

import static io.crowdsurf.metrics.MetricsTestSupport.CHROME;
import static io.crowdsurf.metrics.MetricsTestSupport.hits;
import static io.crowdsurf.metrics.MetricsTestSupport.newSite;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * CORS as Matomo's tracker needs it: the JavaScript tracker and sendBeacon POST from the site's origin to ours; a
 * preflight is answered with 204 and the origin, every answer (GIF, bulk status, errors) carries the headers, and the
 * admin API has none.
 */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
class TrackingCorsTest {

    private static final String ORIGIN = "https://dj.example";

    @Test
    void preflightOfEveryTrackingDoorIs204WithTheOrigin() {
        for (String path : new String[] {"/matomo.php", "/piwik.php", "/api/v1/track"}) {
            given().header("Origin", ORIGIN).header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "content-type")
                    .options(path).then().statusCode(204)
                    .header("Access-Control-Allow-Origin", equalTo(ORIGIN))
                    .header("Access-Control-Allow-Credentials", equalTo("true"))
                    .header("Access-Control-Allow-Methods", containsString("POST"))
                    .header("Access-Control-Allow-Headers", containsString("Content-Type"))
                    .header("Access-Control-Max-Age", equalTo("86400"))
                    .header("Vary", containsString("Origin"));
        }
        given().header("Origin", ORIGIN).header("Access-Control-Request-Method", "GET").options("/t.gif").then()
                .statusCode(204).header("Access-Control-Allow-Origin", equalTo(ORIGIN))
                .header("Access-Control-Allow-Methods", equalTo("GET, OPTIONS"));
    }

    @Test
    void aBeaconFromAnotherOriginIsTrackedAndAnsweredWithItsOrigin() {
        String site = newSite();
        // sendBeacon with a string body: text/plain, credentials included, no preflight
        given().header("Origin", ORIGIN).header("User-Agent", CHROME).contentType("text/plain;charset=UTF-8")
                .body("idsite=" + site + "&rec=1&_id=abcdefabcdefabcd&url=https%3A%2F%2Fdj.example%2F&send_image=0")
                .post("/matomo.php").then().statusCode(204)
                .header("Access-Control-Allow-Origin", equalTo(ORIGIN))
                .header("Access-Control-Allow-Credentials", equalTo("true"));
        assertThat(hits(site)).hasSize(1);

        given().header("Origin", ORIGIN).contentType("application/json")
                .body("{\"requests\": [\"?idsite=" + site + "&rec=1&_id=abcdefabcdefabcd&url=https%3A%2F%2Fdj.example%2Fa\"]}")
                .post("/piwik.php").then().statusCode(200).body("tracked", equalTo(1))
                .header("Access-Control-Allow-Origin", equalTo(ORIGIN));
        given().header("Origin", ORIGIN).contentType("application/json")
                .body("{\"site\": \"" + site + "\", \"hits\": [{\"url\": \"https://dj.example/b\"}]}")
                .post("/api/v1/track").then().statusCode(200).header("Access-Control-Allow-Origin", equalTo(ORIGIN));
        given().header("Origin", ORIGIN).queryParam("idsite", site).queryParam("url", "https://dj.example/c")
                .get("/t.gif").then().statusCode(200).header("Access-Control-Allow-Origin", equalTo(ORIGIN));
    }

    @Test
    void withoutAnOriginAnyOriginIsAllowedAndErrorsCarryTheHeadersToo() {
        given().queryParam("idsite", "no-such-site-" + System.nanoTime()).queryParam("rec", "1").get("/matomo.php")
                .then().statusCode(400).header("Access-Control-Allow-Origin", equalTo("*"))
                .header("Access-Control-Allow-Credentials", nullValue());
        given().header("Origin", ORIGIN).contentType("application/json").body("{\"requests\": [")
                .post("/matomo.php").then().statusCode(400).header("Access-Control-Allow-Origin", equalTo(ORIGIN));
    }

    @Test
    void theAdminApiHasNoCors() {
        given().header("Origin", ORIGIN).header("Access-Control-Request-Method", "POST").options("/api/v1/sites")
                .then().header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", ORIGIN).get("/api/v1/sites").then().statusCode(401)
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
