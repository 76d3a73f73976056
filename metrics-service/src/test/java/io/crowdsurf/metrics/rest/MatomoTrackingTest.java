package io.crowdsurf.metrics.rest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.crowdsurf.events.data.HitKind;
import io.crowdsurf.events.data.HitTracked;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.crowdsurf.testsupport.KafkaProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.crowdsurf.metrics.MetricsTestSupport.CHROME;
import static io.crowdsurf.metrics.MetricsTestSupport.GOOGLEBOT;
import static io.crowdsurf.metrics.MetricsTestSupport.IPHONE;
import static io.crowdsurf.metrics.MetricsTestSupport.TOKEN;
import static io.crowdsurf.metrics.MetricsTestSupport.hits;
import static io.crowdsurf.metrics.MetricsTestSupport.newSite;
import static io.crowdsurf.metrics.MetricsTestSupport.records;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** matomo.php / piwik.php as Matomo documents them; every 2xx hit is read back from Kafka. */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
class MatomoTrackingTest {

    @Test
    void pageViewByGetAnswersTheGifAndIsInKafkaEnriched() {
        String site = newSite();
        byte[] gif = given().header("User-Agent", IPHONE).header("Accept-Language", "nl-NL,nl;q=0.9,en;q=0.5")
                .queryParam("idsite", site).queryParam("rec", "1")
                .queryParam("url", "https://" + site + ".example/blog/2026/hello?utm_campaign=Spring-Sale")
                .queryParam("action_name", "Hello / World").queryParam("_id", "0123456789ABCDEF")
                .queryParam("urlref", "https://www.google.co.uk/search?q=crowdsurf")
                .queryParam("res", "390x844").queryParam("_idvc", "3").queryParam("_viewts", "1764000000")
                .queryParam("r", "123456")
                .get("/matomo.php").then().statusCode(200).contentType("image/gif")
                .header("Cache-Control", org.hamcrest.Matchers.containsString("no-store"))
                .extract().asByteArray();
        assertThat(new String(gif, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("GIF89a");

        List<ConsumerRecord<String, byte[]>> records = records(site);
        assertThat(records).hasSize(1);
        ConsumerRecord<String, byte[]> record = records.get(0);
        assertThat(record.key()).as("keyed by visitor").isEqualTo("0123456789abcdef");
        assertThat(KafkaProbe.header(record, "ce_type")).isEqualTo("com.crowdsurf.metrics.hit.tracked");
        HitTracked hit = hits(site).get(0);
        assertThat(hit.kind()).isEqualTo(HitKind.PAGEVIEW);
        assertThat(hit.visitorId()).isEqualTo("0123456789abcdef");
        assertThat(hit.pageTitle()).isEqualTo("Hello / World");
        assertThat(hit.section()).isEqualTo("Blog");
        assertThat(hit.referrerType()).as("a campaign wins over the search referrer, as in Matomo").isEqualTo("campaign");
        assertThat(hit.referrerName()).isEqualTo("spring-sale");
        assertThat(hit.deviceType()).isEqualTo("smartphone");
        assertThat(hit.browser()).isEqualTo("Safari");
        assertThat(hit.os()).isEqualTo("iOS");
        assertThat(hit.bot()).isFalse();
        assertThat(hit.resolution()).isEqualTo("390x844");
        assertThat(hit.language()).isEqualTo("nl-nl");
        assertThat(hit.visitCount()).isEqualTo(3);
        assertThat(hit.previousVisitAt()).isEqualTo(Instant.ofEpochSecond(1764000000));
        assertThat(KafkaProbe.header(record, "ce_id")).isEqualTo(hit.hitId());
    }

    @Test
    void piwikPhpPostFormBodyWithSendImage0Is204() {
        String site = newSite();
        given().header("User-Agent", CHROME).contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .body("idsite=" + site + "&rec=1&url=https%3A%2F%2Fexample.org%2Fshop%2Fa%2Fb&download="
                        + "https%3A%2F%2F" + site + ".example%2Ffiles%2Fa.pdf&send_image=0&_id=aaaaaaaaaaaaaaaa"
                        + "&urlref=https%3A%2F%2Fnews.example.net%2Fpost")
                .post("/piwik.php").then().statusCode(204);
        HitTracked hit = hits(site).get(0);
        assertThat(hit.kind()).isEqualTo(HitKind.DOWNLOAD);
        assertThat(hit.target()).isEqualTo("https://" + site + ".example/files/a.pdf");
        assertThat(hit.section()).isEqualTo("Shop");
        assertThat(hit.referrerType()).isEqualTo("website");
        assertThat(hit.referrerName()).isEqualTo("news.example.net");
        assertThat(hit.deviceType()).isEqualTo("desktop");
        assertThat(hit.browser()).isEqualTo("Chrome");
    }

    @Test
    void eventsContentOutlinksSearchAndPingAreTheirKinds() {
        String site = newSite();
        String base = "/matomo.php?idsite=" + site + "&rec=1&_id=bbbbbbbbbbbbbbbb&url=https%3A%2F%2F" + site + ".example%2F";
        given().urlEncodingEnabled(false).get(base + "&e_c=Video&e_a=Play&e_n=Intro&e_v=12.5&r=1").then().statusCode(200);
        given().urlEncodingEnabled(false).get(base + "&c_n=Banner&c_p=spring.png&c_t=https%3A%2F%2Fshop.example%2F&r=2").then().statusCode(200);
        given().urlEncodingEnabled(false).get(base + "&c_n=Banner&c_p=spring.png&c_i=click&r=3").then().statusCode(200);
        given().urlEncodingEnabled(false).get(base + "&link=https%3A%2F%2Fother.example%2F&r=4").then().statusCode(200);
        given().urlEncodingEnabled(false).get(base + "&search=tickets&r=5").then().statusCode(200);
        given().urlEncodingEnabled(false).get(base + "&ping=1&r=6").then().statusCode(200);
        List<HitTracked> hits = hits(site);
        assertThat(hits).extracting(HitTracked::kind).containsExactlyInAnyOrder(HitKind.EVENT,
                HitKind.CONTENT_IMPRESSION, HitKind.CONTENT_INTERACTION, HitKind.OUTLINK, HitKind.SEARCH, HitKind.PING);
        HitTracked event = hits.stream().filter(h -> h.kind() == HitKind.EVENT).findFirst().orElseThrow();
        assertThat(event.eventCategory()).isEqualTo("Video");
        assertThat(event.eventAction()).isEqualTo("Play");
        assertThat(event.eventName()).isEqualTo("Intro");
        assertThat(event.eventValue()).isEqualTo(12.5);
        HitTracked impression = hits.stream().filter(h -> h.kind() == HitKind.CONTENT_IMPRESSION).findFirst().orElseThrow();
        assertThat(impression.contentName()).isEqualTo("Banner");
        assertThat(impression.contentPiece()).isEqualTo("spring.png");
        assertThat(impression.target()).isEqualTo("https://shop.example/");
        assertThat(hits.stream().filter(h -> h.kind() == HitKind.CONTENT_INTERACTION).findFirst().orElseThrow()
                .contentInteraction()).isEqualTo("click");
        assertThat(hits.stream().filter(h -> h.kind() == HitKind.SEARCH).findFirst().orElseThrow().searchKeyword())
                .isEqualTo("tickets");
    }

    @Test
    void badParametersAreIgnoredLikeMatomo() {
        String site = newSite();
        given().urlEncodingEnabled(false)
                .get("/matomo.php?idsite=" + site + "&rec=1&_id=xyz&res=huge&e_v=notanumber&cdt=yesterday"
                        + "&url=not%20a%20url&lang=%FF%FE&_idvc=-3&action_name=%E2%9C%93ok&r=7")
                .then().statusCode(200);
        HitTracked hit = hits(site).get(0);
        assertThat(hit.kind()).isEqualTo(HitKind.PAGEVIEW);
        assertThat(hit.url()).isNull();
        assertThat(hit.resolution()).isNull();
        assertThat(hit.language()).as("invalid UTF-8 dropped").isNull();
        assertThat(hit.visitCount()).isNull();
        assertThat(hit.pageTitle()).isEqualTo("✓ok");
        assertThat(hit.visitorId()).as("a malformed _id still identifies its visitor").hasSize(16).matches("[0-9a-f]{16}");
    }

    @Test
    void noRecMeansNothingTrackedButStillTheGif() {
        String site = newSite();
        given().urlEncodingEnabled(false).get("/matomo.php?idsite=" + site + "&url=https%3A%2F%2Fx.example%2F").then().statusCode(200)
                .contentType("image/gif");
        given().get("/matomo.php").then().statusCode(200);
        assertThat(hits(site)).isEmpty();
    }

    @Test
    void unknownOrMissingSiteIs400AndNothingWritten() {
        given().get("/matomo.php?idsite=nosuchsite999&rec=1").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("idsite"));
        given().urlEncodingEnabled(false).get("/matomo.php?rec=1&url=https%3A%2F%2Fx.example%2F").then().statusCode(400);
        assertThat(records("nosuchsite999")).isEmpty();
    }

    @Test
    void backdatingNeedsTokenAuthCipToo() {
        String site = newSite();
        long old = Instant.now().minusSeconds(3 * 86400).getEpochSecond();
        given().get("/matomo.php?idsite=" + site + "&rec=1&cdt=" + old + "&_id=cccccccccccccccc").then().statusCode(400)
                .body("field", equalTo("cdt"));
        given().get("/matomo.php?idsite=" + site + "&rec=1&cdt=" + old + "&_id=cccccccccccccccc&cip=203.0.113.9"
                + "&token_auth=" + TOKEN).then().statusCode(200);
        String recent = "2026-12-01 10:00:00";
        given().queryParam("idsite", site).queryParam("rec", "1").queryParam("_id", "dddddddddddddddd")
                .queryParam("cdt", Instant.now().minusSeconds(3600).getEpochSecond())
                .get("/matomo.php").then().statusCode(200);
        List<HitTracked> hits = hits(site);
        assertThat(hits).hasSize(2);
        assertThat(hits).anySatisfy(h -> assertThat(h.time()).isEqualTo(Instant.ofEpochSecond(old)));
        assertThat(recent).isNotBlank();
    }

    @Test
    void botsAreFlaggedAndExcludedAgentsAndAddressesDropped() {
        String site = newSite();
        given().header("User-Agent", GOOGLEBOT).get("/matomo.php?idsite=" + site + "&rec=1&_id=eeeeeeeeeeeeeeee&r=1")
                .then().statusCode(200);
        given().header("User-Agent", "ExcludedAgent/1.0").get("/matomo.php?idsite=" + site + "&rec=1&r=2")
                .then().statusCode(200);
        given().header("X-Forwarded-For", "10.9.9.7").get("/matomo.php?idsite=" + site + "&rec=1&r=3")
                .then().statusCode(200);
        List<HitTracked> hits = hits(site);
        assertThat(hits).hasSize(1);
        assertThat(hits.get(0).bot()).isTrue();
        assertThat(hits.get(0).deviceType()).isEqualTo("bot");
    }

    @Test
    void aRetriedRequestKeepsItsHitId() {
        String site = newSite();
        String url = "/matomo.php?idsite=" + site + "&rec=1&_id=ffffffffffffffff&url=https%3A%2F%2Fa.example%2F&r=42";
        given().urlEncodingEnabled(false).get(url).then().statusCode(200);
        given().urlEncodingEnabled(false).get(url + "&send_image=0").then().statusCode(204);
        List<HitTracked> hits = hits(site);
        assertThat(hits).hasSize(2);
        assertThat(hits.get(0).hitId()).isEqualTo(hits.get(1).hitId());
    }

    @Test
    void bulkRequestsAnswerMatomosStatus() {
        String site = newSite();
        String body = """
                {"requests": [
                  "?idsite=%1$s&rec=1&url=https%%3A%%2F%%2F%1$s.example%%2Fblog%%2Fa&_id=1111111111111111&r=1",
                  "/matomo.php?idsite=%1$s&rec=1&e_c=Video&e_a=Play&_id=1111111111111111&r=2",
                  {"idsite": "%1$s", "rec": 1, "url": "https://%1$s.example/shop/x", "_id": "2222222222222222", "r": 3},
                  "?idsite=unknown-site-x&rec=1",
                  "?idsite=%1$s&rec=1&e_c=OnlyCategory",
                  42
                ]}
                """.formatted(site);
        given().contentType("application/json").body(body).post("/matomo.php").then().statusCode(200)
                .contentType("application/json")
                .body("status", equalTo("success")).body("tracked", equalTo(3)).body("invalid", equalTo(3))
                .body("invalid_indices", equalTo(List.of(3, 4, 5)));
        List<HitTracked> hits = hits(site);
        assertThat(hits).hasSize(3);
        assertThat(hits).extracting(HitTracked::section).containsExactlyInAnyOrder("Blog", null, "Shop");
    }

    @Test
    void malformedBulkIs400() {
        given().contentType("application/json").body("{\"requests\": ").post("/matomo.php").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType("application/json").body("{\"requests\": \"nope\"}").post("/matomo.php").then().statusCode(400);
    }

    @Test
    void pixelTracksWithRecImplied() {
        String site = newSite();
        given().urlEncodingEnabled(false).get("/t.gif?idsite=" + site + "&url=https%3A%2F%2F" + site + ".example%2Fnewsletter&_id=3333333333333333")
                .then().statusCode(200).contentType("image/gif");
        assertThat(hits(site)).hasSize(1);
        given().get("/t.gif?idsite=nope-nope").then().statusCode(400);
    }
}
