package io.crowdsurf.metrics.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.openqa.selenium.chrome.ChromeDriver;

import com.sun.net.httpserver.HttpServer;

import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.data.HitKind;
import io.crowdsurf.events.data.HitTracked;
import io.crowdsurf.testsupport.Browser;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.crowdsurf.testsupport.LocalHttp;
import io.crowdsurf.testsupport.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * embed.js in a real headless Chromium, on a host page served from another origin (its own local HTTP server, which
 * also plays the ticket shop): the list renders, each shown date sends one impression, a ticket click one
 * interaction, both through matomo.php into crowdsurf.hits, and the click navigates to the shop.
 */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
class EmbedScriptTest {

    static final String DESKTOP_CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/131.0.0.0 Safari/537.36";

    @TestHTTPResource("/")
    URI service;

    @Test
    void scriptIsSmallCacheableAndCors() {
        String etag = given().get("/widget/embed.js").then().statusCode(200)
                .contentType(startsWith("text/javascript")).header("Access-Control-Allow-Origin", "*")
                .header("Cache-Control", "public, max-age=300").extract().header("ETag");
        int size = given().get("/widget/embed.js").then().extract().asByteArray().length;
        // The README states the size; this keeps it honest (and the script small).
        assertThat(size).isLessThan(6 * 1024);
        given().header("If-None-Match", etag).get("/widget/embed.js").then().statusCode(304);
    }

    @Test
    void rendersOnAnotherOriginAndTracksImpressionsAndTheClick() throws Exception {
        Assumptions.assumeTrue(Browser.available(), "chromium and chromedriver are not installed");
        String artist = WidgetTestData.freshArtist();
        String site = WidgetSites.register(service);
        List<String> shopVisits = new CopyOnWriteArrayList<>();
        Map<String, String> pages = new ConcurrentHashMap<>();
        HttpServer host = LocalHttp.serve(exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/shop/")) {
                shopVisits.add(path);
            }
            String body = pages.getOrDefault(path, "<!doctype html><title>Shop " + path + "</title><h1>shop</h1>");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }, 16);
        try {
            String hostBase = LocalHttp.baseUrl(host).replace("localhost", "127.0.0.1");
            String serviceBase = service.toString().replaceAll("/$", "");
            assertThat(URI.create(hostBase).getPort()).isNotEqualTo(service.getPort());
            String tour = WidgetTestData.tour(site, "Berlin", "Hamburg", "Wien")
                    .replace("https://tickets.example/", hostBase + "/shop/");
            WidgetTestData.put(artist, tour);
            pages.put("/fan-page.html", "<!doctype html><html lang=en><title>Fan page</title>"
                    + "<style>.cs-event__tickets{color:rgb(255, 0, 0)}</style><h1>Tour</h1>"
                    + "<script src=\"" + serviceBase + "/widget/embed.js\" data-artist=\"" + artist + "\" async></script>");
            // Hits are told apart by the artist, fresh per run (records come partition by partition: no offsets).
            long hitsBefore = 0;
            try (Browser browser = Browser.start()) {
                // Headless Chromium says "HeadlessChrome", which the ingest's user-agent parser rightly flags as a
                // robot, and robots are left out of the reports: present the page as a desktop Chrome instead.
                ((ChromeDriver) browser.driver()).executeCdpCommand("Emulation.setUserAgentOverride",
                        Map.of("userAgent", DESKTOP_CHROME));
                browser.open(hostBase + "/fan-page.html");
                browser.waitForCount(".cs-event", 3);
                assertThat(browser.text(".cs-event--sold-out .cs-event__status")).isEqualTo("Sold out");
                assertThat(browser.findAll(".cs-event__tickets")).hasSize(2);
                // The host page's rule wins over the widget's defaults.
                assertThat(browser.script("return getComputedStyle(document.querySelector('.cs-event__tickets')).color"))
                        .isEqualTo("rgb(255, 0, 0)");
                List<HitTracked> impressions;
                try {
                    impressions = awaitHits(artist, HitKind.CONTENT_IMPRESSION, 3, hitsBefore);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; requests: " + browser.script(
                            "return performance.getEntriesByType('resource').map(r => r.name + ' ' + r.responseStatus)")
                            + "; ua " + browser.script("return navigator.userAgent") + "; all hits: "
                            + hits(artist, 0), e);
                }
                assertThat(impressions).extracting(HitTracked::contentPiece).doesNotHaveDuplicates();
                assertThat(impressions).extracting(HitTracked::siteId).containsOnly(site);
                assertThat(impressions).extracting(HitTracked::bot).containsOnly(false);
                browser.screenshot(Path.of("target/screenshots/embed-widget.png"));

                browser.click(".cs-event[data-event$='berlin'] .cs-event__tickets");
                browser.until(d -> Objects.requireNonNull(d.getCurrentUrl()).endsWith("/shop/berlin"));
                List<HitTracked> clicks = awaitHits(artist, HitKind.CONTENT_INTERACTION, 1, hitsBefore);
                assertThat(clicks.get(0).contentPiece()).endsWith("-berlin");
                assertThat(clicks.get(0).target()).isEqualTo(hostBase + "/shop/berlin");
                assertThat(shopVisits).contains("/shop/berlin");
                // Exactly once each: no second impression round, no double click.
                assertThat(hits(artist, hitsBefore)).hasSize(4);
                // And part 1's Contents report counts them: 3 impressions, 1 interaction for the artist.
                Map<String, Object> row = awaitContentRow(site, artist, 3, 1);
                assertThat(row.get("nb_impressions")).isEqualTo(3);
                assertThat(row.get("nb_interactions")).isEqualTo(1);
            }
        } finally {
            host.stop(0);
        }
    }

    static Map<String, Object> awaitContentRow(String site, String artist, int impressions, int interactions)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, Object> row = null;
        do {
            List<Map<String, Object>> rows = given().queryParam("module", "API")
                    .queryParam("method", "Contents.getContentNames").queryParam("idSite", site)
                    .queryParam("period", "day").queryParam("date", "today").queryParam("format", "JSON")
                    .queryParam("token_auth", "test-admin-token").get("/index.php").then().statusCode(200).extract()
                    .jsonPath().getList("$");
            row = rows.stream().filter(r -> artist.equals(r.get("label"))).findFirst().orElse(null);
            if (row != null && Integer.valueOf(impressions).equals(row.get("nb_impressions"))
                    && Integer.valueOf(interactions).equals(row.get("nb_interactions"))) {
                return row;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Contents.getContentNames for " + artist + " shows " + row);
    }

    static List<HitTracked> hits(String artist, long skip) {
        return TestKafka.readAll("crowdsurf.hits").stream().skip(skip)
                .map(r -> EventJson.read(r.value(), HitTracked.class))
                .filter(h -> artist.equals(h.contentName())).collect(Collectors.toList());
    }

    static List<HitTracked> awaitHits(String artist, HitKind kind, int count, long skip) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<HitTracked> found;
        do {
            found = hits(artist, skip).stream().filter(h -> h.kind() == kind).toList();
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("expected " + count + " " + kind + " hits for " + artist + ", got " + found);
    }
}
