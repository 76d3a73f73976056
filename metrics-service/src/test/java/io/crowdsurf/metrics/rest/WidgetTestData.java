package io.crowdsurf.metrics.rest;

import static io.restassured.RestAssured.given;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/** Tour lists for tests: dates in the future so the public widget lists them. */
public final class WidgetTestData {

    public static final String TOKEN = "Bearer test-admin-token";

    private WidgetTestData() {
    }

    public static String freshArtist() {
        return "artist-" + UUID.randomUUID().toString().substring(0, 12);
    }

    public static String tour(String site, String... cities) {
        StringBuilder events = new StringBuilder();
        LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(30);
        for (int i = 0; i < cities.length; i++) {
            if (i > 0) {
                events.append(',');
            }
            events.append("{\"date\":\"").append(day.plusDays(i)).append("\",\"time\":\"20:00\",\"city\":\"")
                    .append(cities[i]).append("\",\"venue\":\"Hall ").append(i).append("\",\"ticketUrl\":")
                    .append("\"https://tickets.example/").append(cities[i].toLowerCase()).append("\",")
                    .append("\"status\":\"").append(i == 1 ? "sold-out" : "on-sale")
                    .append("\",\"timeZone\":\"Europe/Berlin\"}");
        }
        return "{\"name\":\"The Band\",\"site\":\"" + site + "\",\"events\":[" + events + "]}";
    }

    public static void put(String artist, String body) {
        given().header("Authorization", TOKEN).contentType("application/json").body(body)
                .put("/api/v1/artists/" + artist + "/events").then().statusCode(200);
    }
}
