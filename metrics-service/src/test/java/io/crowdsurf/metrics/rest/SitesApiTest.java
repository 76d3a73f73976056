package io.crowdsurf.metrics.rest;

import org.junit.jupiter.api.Test;

import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.crowdsurf.metrics.MetricsTestSupport.admin;
import static io.crowdsurf.metrics.MetricsTestSupport.newSite;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;

/** The sites admin API. */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
class SitesApiTest {

    @Test
    void createReadListUpdate() {
        String id = newSite();
        admin().get("/api/v1/sites/" + id).then().statusCode(200).body("id", equalTo(id))
                .body("timeZone", equalTo("Europe/Amsterdam")).body("sections[0].prefix", equalTo("/blog/"))
                .body("version", equalTo(1));
        admin().get("/api/v1/sites").then().statusCode(200).body("id", hasItem(id));
        admin().contentType("application/json").body("""
                {"name": "Renamed", "urls": ["https://renamed.example"], "timeZone": "America/New_York",
                 "sections": [{"prefix": "/news/", "section": "News"}]}""")
                .put("/api/v1/sites/" + id).then().statusCode(200).body("name", equalTo("Renamed"))
                .body("version", equalTo(2)).body("sections[0].section", equalTo("News"));
        admin().get("/api/v1/sites/" + id).then().statusCode(200).body("timeZone", equalTo("America/New_York"));
    }

    @Test
    void withoutAnIdTheNextNumberIsGiven() {
        admin().contentType("application/json").body("{\"name\": \"Numbered\"}").post("/api/v1/sites").then()
                .statusCode(201).body("id", matchesPattern("\\d+")).body("timeZone", equalTo("UTC"));
    }

    @Test
    void conflictsNotFoundAndValidation() {
        String id = newSite();
        admin().contentType("application/json").body("{\"id\": \"" + id + "\", \"name\": \"again\"}")
                .post("/api/v1/sites").then().statusCode(409);
        admin().get("/api/v1/sites/nope-" + id).then().statusCode(404).contentType("application/problem+json");
        admin().contentType("application/json").body("{\"name\": \"x\"}").put("/api/v1/sites/nope-" + id).then()
                .statusCode(404);
        admin().contentType("application/json").body("{\"name\": \"x\", \"timeZone\": \"Mars/Olympus\"}")
                .post("/api/v1/sites").then().statusCode(400).body("field", equalTo("timeZone"));
        admin().contentType("application/json").body("{\"name\": \"x\", \"sections\": [{\"section\": \"S\"}]}")
                .post("/api/v1/sites").then().statusCode(400).body("field", equalTo("sections.0"));
        admin().contentType("application/json").body("{\"name\": \"x\", \"excludedIps\": [\"10.0.0.0/99\"]}")
                .post("/api/v1/sites").then().statusCode(400).body("field", equalTo("excludedIps.0"));
        admin().contentType("application/json").body("{\"name\": \"x\", \"colour\": \"red\"}")
                .post("/api/v1/sites").then().statusCode(400).body("field", equalTo("colour"));
        admin().contentType("application/json").body("{\"id\": \"bad id!\", \"name\": \"x\"}")
                .post("/api/v1/sites").then().statusCode(400).body("field", equalTo("id"));
        admin().contentType("application/json").body("").post("/api/v1/sites").then().statusCode(400);
        admin().contentType("application/json").body("{\"name\": \"x\", \"id\": \"other\"}").put("/api/v1/sites/" + id)
                .then().statusCode(400).body("field", equalTo("id"));
    }

    @Test
    void adminTokenRequired() {
        given().get("/api/v1/sites").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer wrong").get("/api/v1/sites").then().statusCode(401);
        given().contentType("application/json").body("{\"name\": \"x\"}").post("/api/v1/sites").then().statusCode(401);
    }

    @Test
    void bodiesOverOneMebibyteAre413() {
        byte[] big = new byte[1024 * 1024 + 10];
        java.util.Arrays.fill(big, (byte) 'a');
        admin().contentType("application/json").body(big).post("/api/v1/sites").then().statusCode(413);
        given().contentType("application/json").body(big).post("/api/v1/track").then().statusCode(413);
        given().contentType("application/json").body(big).post("/matomo.php").then().statusCode(413);
    }
}
