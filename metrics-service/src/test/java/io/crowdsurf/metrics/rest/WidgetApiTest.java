package io.crowdsurf.metrics.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.crowdsurf.metrics.domain.ArtistEvents;
import io.crowdsurf.metrics.persistence.ArtistEventsRepository;
import io.crowdsurf.metrics.service.WidgetPage;
import io.crowdsurf.metrics.service.WidgetRenderer;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
class WidgetApiTest {

    @Inject
    ArtistEventsRepository repository;

    @Inject
    WidgetRenderer renderer;

    @TestHTTPResource("/")
    URI base;

    @Test
    void aPutsPageHasTheEtagOfThePageReadBackFromTheStore() {
        // The PUT's page goes straight into this replica's cache; the next refresh (and every other replica) renders
        // the stored document instead. Both must be the same bytes, or If-None-Match stops matching after a refresh.
        String artist = WidgetTestData.freshArtist();
        WidgetTestData.put(artist, WidgetTestData.tour("7", "Berlin", "Hamburg"));
        String served = given().get("/widget/artists/" + artist + "/events").then().statusCode(200).extract()
                .header("ETag");
        WidgetPage readBack = renderer.render(artist, repository.find(artist), Instant.now(), 0);
        assertThat(readBack.etag()).isEqualTo(served);
    }

    @Test
    void adminStoresAndReadsBackTheTour() {
        String artist = WidgetTestData.freshArtist();
        WidgetTestData.put(artist, WidgetTestData.tour("7", "Berlin", "Hamburg"));
        given().header("Authorization", WidgetTestData.TOKEN).get("/api/v1/artists/" + artist + "/events").then()
                .statusCode(200).body("artist", equalTo(artist)).body("site", equalTo("7"))
                .body("events", hasSize(2)).body("events[1].status", equalTo("sold-out"))
                .body("events[0].timeZone", equalTo("Europe/Berlin")).body("events[0].id", startsWith("20"));
    }

    @Test
    void adminApiNeedsTheToken() {
        String artist = WidgetTestData.freshArtist();
        given().contentType("application/json").body(WidgetTestData.tour("7", "Berlin"))
                .put("/api/v1/artists/" + artist + "/events").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", startsWith("Bearer"));
        given().header("Authorization", "Bearer nope").get("/api/v1/artists/" + artist + "/events").then()
                .statusCode(401);
        given().header("Authorization", WidgetTestData.TOKEN).get("/api/v1/artists/" + artist + "/events").then()
                .statusCode(404).contentType("application/problem+json");
    }

    @Test
    void badToursAre400NamingTheField() {
        String artist = WidgetTestData.freshArtist();
        String good = WidgetTestData.tour("7", "Berlin");
        badPut(artist, good.replace("\"on-sale\"", "\"maybe\""), "events.0.status");
        badPut(artist, good.replace("https://tickets.example/berlin", "javascript:alert(1)"), "events.0.ticketUrl");
        badPut(artist, good.replace("Europe/Berlin", "Nowhere/Land"), "events.0.timeZone");
        badPut(artist, good.replace("\"city\"", "\"town\""), "events.0.town");
        badPut(artist, good.replace("\"site\":\"7\",", ""), "site");
        badPut(artist, "[1,2]", null);
        badPut(artist, "{\"site\":\"7\",\"events\":[", null);
        given().header("Authorization", WidgetTestData.TOKEN).contentType("application/json").body(good)
                .put("/api/v1/artists/NOT%20OK/events").then().statusCode(400).body("field", equalTo("artist"));
        given().header("Authorization", WidgetTestData.TOKEN).contentType("application/json")
                .body(new byte[] {'{', (byte) 0xC3, '}'}).put("/api/v1/artists/" + artist + "/events").then()
                .statusCode(400).contentType("application/problem+json");
    }

    private static void badPut(String artist, String body, String field) {
        Response r = given().header("Authorization", WidgetTestData.TOKEN).contentType("application/json").body(body)
                .put("/api/v1/artists/" + artist + "/events");
        r.then().statusCode(400).contentType("application/problem+json");
        if (field != null) {
            r.then().body("field", equalTo(field));
        }
    }

    @Test
    void publicListIsCacheableWithStrongEtagAnd304AndCors() {
        String artist = WidgetTestData.freshArtist();
        WidgetTestData.put(artist, WidgetTestData.tour("7", "Berlin", "Hamburg", "Wien"));
        Response first = given().header("Origin", "https://fan-site.example").get("/widget/artists/" + artist + "/events");
        first.then().statusCode(200).contentType("application/json")
                .header("Cache-Control", "public, max-age=10").header("ETag", matchesPattern("\"[A-Za-z0-9_-]{27}\""))
                .header("Access-Control-Allow-Origin", "*").body("events", hasSize(3))
                .body("events[2].city", equalTo("Wien")).body("name", equalTo("The Band"));
        String etag = first.header("ETag");
        given().header("If-None-Match", etag).get("/widget/artists/" + artist + "/events").then().statusCode(304)
                .header("ETag", etag).header("Cache-Control", "public, max-age=10")
                .header("Access-Control-Allow-Origin", "*");
        given().header("If-None-Match", "\"other\", W/" + etag).get("/widget/artists/" + artist + "/events").then()
                .statusCode(304);
        given().header("If-None-Match", "\"other\"").get("/widget/artists/" + artist + "/events").then()
                .statusCode(200).header("ETag", etag);
        given().header("Origin", "https://fan-site.example").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "if-none-match")
                .options("/widget/artists/" + artist + "/events").then().statusCode(204)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Headers", matchesPattern("(?i).*if-none-match.*"));
    }

    @Test
    void unknownAndInvalidArtists() {
        given().get("/widget/artists/" + WidgetTestData.freshArtist() + "/events").then().statusCode(404)
                .contentType("application/problem+json").header("Access-Control-Allow-Origin", "*");
        given().get("/widget/artists/Bad%20Name/events").then().statusCode(400).body("field", equalTo("artist"))
                .header("Access-Control-Allow-Origin", "*");
    }

    @Test
    void twoHundredConcurrentMissesOnAColdCacheReadTheDatabaseOnce() {
        // Stored behind the cache (a PUT through the API would fill it): the cache is cold for this artist.
        String artist = WidgetTestData.freshArtist();
        repository.store(withArtist(artist, WidgetTestData.tour("7", "Berlin")));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        URI uri = base.resolve("/widget/artists/" + artist + "/events");
        long before = repository.reads();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            answers.add(http.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<String> etags = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> a : answers) {
            HttpResponse<String> r = a.join();
            assertThat(r.statusCode()).isEqualTo(200);
            etags.add(r.headers().firstValue("ETag").orElseThrow());
        }
        assertThat(etags).hasSize(200).containsOnly(etags.get(0));
        assertThat(repository.reads() - before).isEqualTo(1);
    }

    @Test
    void aPutShowsInThisReplicasNextAnswerWithoutARead() {
        String artist = WidgetTestData.freshArtist();
        WidgetTestData.put(artist, WidgetTestData.tour("7", "Berlin"));
        given().get("/widget/artists/" + artist + "/events").then().statusCode(200).body("events", hasSize(1));
        long before = repository.reads();
        WidgetTestData.put(artist, WidgetTestData.tour("7", "Berlin", "Paris"));
        given().get("/widget/artists/" + artist + "/events").then().statusCode(200).body("events", hasSize(2));
        assertThat(repository.reads() - before).as("the PUT's page went straight into the cache").isZero();
    }

    @Test
    void aWriteByAnotherReplicaShowsWithinTtlPlusStale() {
        String artist = WidgetTestData.freshArtist();
        WidgetTestData.put(artist, WidgetTestData.tour("7", "Berlin"));
        given().get("/widget/artists/" + artist + "/events").then().statusCode(200).body("events", hasSize(1));
        // Stored behind this replica's cache, as another replica's PUT would be.
        ArtistEvents two = withArtist(artist, WidgetTestData.tour("7", "Berlin", "Paris"));
        long storedAt = System.nanoTime();
        repository.store(two);
        long deadline = storedAt + Duration.ofSeconds(12).plusMillis(500).toNanos();
        int shown;
        do {
            shown = given().get("/widget/artists/" + artist + "/events").then().statusCode(200).extract()
                    .path("events.size()");
            if (shown == 2) {
                break;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() < deadline);
        assertThat(shown).as("another replica's PUT shows within ttl + stale (12 s)").isEqualTo(2);
    }

    @Test
    void theHitPathAndTheFullPathAnswerAlike() throws Exception {
        // Stored behind the cache: the first GET is a miss (Quarkus REST), the second a hit (the Vert.x route),
        // and a GET with a body always takes the full path.
        String artist = WidgetTestData.freshArtist();
        repository.store(withArtist(artist, WidgetTestData.tour("7", "Berlin", "Wien")));
        HttpClient http = HttpClient.newHttpClient();
        URI uri = base.resolve("/widget/artists/" + artist + "/events");
        HttpResponse<String> miss = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> hit = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> full = http.send(HttpRequest.newBuilder(uri).method("GET",
                HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        for (HttpResponse<String> r : List.of(miss, hit, full)) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(miss.body());
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=10");
            assertThat(r.headers().firstValue("ETag")).isEqualTo(miss.headers().firstValue("ETag"));
            assertThat(r.headers().firstValue("Age")).hasValueSatisfying(a -> assertThat(a).matches("[0-9]+"));
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
            assertThat(r.headers().firstValue("Access-Control-Expose-Headers")).hasValue("ETag, Age");
        }
        String etag = miss.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> notModified = http.send(HttpRequest.newBuilder(uri).header("If-None-Match", etag).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.headers().firstValue("ETag")).hasValue(etag);
        assertThat(notModified.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    }

    private ArtistEvents withArtist(String artist, String tour) {
        String other = WidgetTestData.freshArtist();
        WidgetTestData.put(other, tour);
        ArtistEvents a = repository.findForAdmin(other).orElseThrow();
        return new ArtistEvents(artist, a.name(), a.site(), a.events(), a.updatedAt());
    }
}
