package io.crowdsurf.metrics.rest;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.util.UUID;

/** Registers a tracking site through part 1's sites API, so widget and link hits are accepted by the ingest. */
public final class WidgetSites {

    private WidgetSites() {
    }

    public static String register(URI service) {
        String id = "s" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", WidgetTestData.TOKEN).contentType("application/json")
                .body("{\"id\":\"" + id + "\",\"name\":\"Fan site " + id + "\",\"urls\":[\"http://127.0.0.1\"],"
                        + "\"timeZone\":\"Europe/Berlin\"}")
                .post("/api/v1/sites").then().statusCode(201);
        return id;
    }
}
