package io.crowdsurf.metrics.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.data.HitKind;
import io.crowdsurf.events.data.HitTracked;
import io.crowdsurf.events.data.LinkClicked;
import io.crowdsurf.metrics.domain.ShortLink;
import io.crowdsurf.metrics.persistence.LinkRepository;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.crowdsurf.testsupport.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
class LinkApiTest {

    static final String BASE = "https://base.example/";

    @Inject
    LinkRepository repository;

    @TestHTTPResource("/")
    URI service;

    static io.restassured.response.Response create(String body) {
        return given().header("Authorization", WidgetTestData.TOKEN).contentType("application/json").body(body)
                .post("/api/v1/links");
    }

    @Test
    void generatedCodesAreLongAndRandomAndRedirectWithAClickEvent() throws Exception {
        String target = "https://tickets.example/show/" + UUID.randomUUID();
        String code = create("{\"target\":\"" + target + "\",\"campaign\":\"spring tour\"}").then().statusCode(201)
                .body("code", matchesPattern("[A-Za-z0-9_-]{16}")).body("target", equalTo(target))
                .body("campaign", equalTo("spring tour")).extract().path("code");
        String other = create("{\"target\":\"" + target + "\"}").then().statusCode(201).extract().path("code");
        assertThat(other).isNotEqualTo(code);
        given().header("Authorization", WidgetTestData.TOKEN).get("/api/v1/links/" + code).then().statusCode(200)
                .body("shortUrl", equalTo("http://localhost:8084/l/" + code));

        given().redirects().follow(false).header("Referer", "https://chat.example/").header("User-Agent", "Mozilla/5.0")
                .get("/l/" + code).then().statusCode(302).header("Location", target)
                .header("Cache-Control", "no-store");
        // With Kafka up the redirect waits for the ack: the click is durable before the browser moves on.
        assertThat(clicks(code)).as("link.clicked in Kafka when the 302 arrived").hasSize(1);
        LinkClicked clicked = awaitClick(code);
        assertThat(clicked.target()).isEqualTo(target);
        assertThat(clicked.referrer()).isEqualTo("https://chat.example/");
        assertThat(clicked.visitorId()).matches("[0-9a-f]{16}");
    }

    @Test
    void aClickOnALinkWithASiteIsAnOutlinkHitWithItsCampaign() throws Exception {
        String site = WidgetSites.register(service);
        String target = "https://tickets.example/quiz/" + UUID.randomUUID();
        String code = create("{\"target\":\"" + target + "\",\"campaign\":\"quiz-win\",\"site\":\"" + site + "\"}")
                .then().statusCode(201).extract().path("code");
        given().redirects().follow(false).header("User-Agent",
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                        + "Version/17.0 Mobile/15E148 Safari/604.1")
                .get("/l/" + code).then().statusCode(302).header("Location", target);
        LinkClicked clicked = awaitClick(code);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Optional<HitTracked> hit = Optional.empty();
        while (hit.isEmpty() && System.nanoTime() < deadline) {
            hit = TestKafka.readAll("crowdsurf.hits").stream().map(r -> EventJson.read(r.value(), HitTracked.class))
                    .filter(h -> site.equals(h.siteId())).findFirst();
            Thread.sleep(100);
        }
        assertThat(hit).isPresent();
        assertThat(hit.get().kind()).isEqualTo(HitKind.OUTLINK);
        assertThat(hit.get().target()).isEqualTo(target);
        assertThat(hit.get().referrerType()).isEqualTo("campaign");
        assertThat(hit.get().referrerName()).isEqualToIgnoringCase("quiz-win");
        assertThat(hit.get().visitorId()).isEqualTo(clicked.visitorId());
        assertThat(clicked.site()).isEqualTo(site);
    }

    @Test
    void customCodesAreUniqueAndValidated() {
        String code = "tour-" + UUID.randomUUID().toString().substring(0, 8);
        create("{\"target\":\"http://shop.example/a\",\"code\":\"" + code + "\"}").then().statusCode(201)
                .body("code", equalTo(code));
        create("{\"target\":\"http://shop.example/b\",\"code\":\"" + code + "\"}").then().statusCode(409)
                .body("field", equalTo("code"));
        create("{\"target\":\"http://shop.example/b\",\"code\":\"a/b\"}").then().statusCode(400)
                .body("field", equalTo("code"));
        given().redirects().follow(false).get("/l/" + code).then().statusCode(302)
                .header("Location", "http://shop.example/a");
    }

    @Test
    void onlyHttpTargetsAndOnlyAdmins() {
        for (String bad : List.of("javascript:alert(1)", "ftp://files.example/x", "data:text/html,x", "/relative",
                "https://user@evil.example/")) {
            create("{\"target\":\"" + bad + "\"}").then().statusCode(400).contentType("application/problem+json")
                    .body("field", equalTo("target"));
        }
        create("{}").then().statusCode(400).body("field", equalTo("target"));
        create("{\"target\":\"https://x.example\",\"extra\":1}").then().statusCode(400).body("field", equalTo("extra"));
        create("{\"target\":\"https://x.example\",\"expiresAt\":\"2001-01-01T00:00:00Z\"}").then().statusCode(400)
                .body("field", equalTo("expiresAt"));
        given().contentType("application/json").body("{\"target\":\"https://x.example\"}").post("/api/v1/links")
                .then().statusCode(401);
        given().header("Authorization", "Bearer wrong").get("/api/v1/links/abcd").then().statusCode(401);
    }

    @Test
    void unknownExpiredAndMalformedCodesGoToTheBaseUrl() {
        String expired = "old-" + UUID.randomUUID().toString().substring(0, 8);
        repository.insert(new ShortLink(expired, "https://shop.example/old", null, null,
                Instant.now().minusSeconds(7200), Instant.now().minusSeconds(60)));
        for (String code : List.of("nope-" + UUID.randomUUID(), expired, "%E2%98%83", "a")) {
            given().redirects().follow(false).urlEncodingEnabled(false).get("/l/" + code).then().statusCode(302)
                    .header("Location", BASE);
        }
        assertThat(clicks(expired)).isEmpty();
    }

    static List<LinkClicked> clicks(String code) {
        return TestKafka.readAll("crowdsurf.events").stream()
                .filter(r -> "com.crowdsurf.metrics.link.clicked".equals(new String(r.headers().lastHeader("ce_type").value())))
                .map(r -> EventJson.read(r.value(), LinkClicked.class)).filter(c -> code.equals(c.code())).toList();
    }

    static LinkClicked awaitClick(String code) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<LinkClicked> c = clicks(code).stream().findFirst();
            if (c.isPresent()) {
                return c.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no link.clicked for " + code);
    }
}
