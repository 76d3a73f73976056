package io.crowdsurf.metrics;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.KafkaCodec;
import io.crowdsurf.events.data.HitTracked;
import io.crowdsurf.testsupport.TestKafka;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/** Shared helpers of the metrics-service tests: fresh sites, and the hits Kafka really holds. */
public final class MetricsTestSupport {

    public static final String TOKEN = "test-admin-token";
    public static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/120.0.0.0 Safari/537.36";
    public static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
    public static final String GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

    private MetricsTestSupport() {
    }

    public static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + TOKEN);
    }

    /** Registers a site with a unique id, urls https://{id}.example and sections /blog/ → Blog, /shop/** → Shop. */
    public static String newSite() {
        String id = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin().contentType("application/json").body("""
                {"id": "%s", "name": "Test %s", "urls": ["https://%s.example"], "timeZone": "Europe/Amsterdam",
                 "sections": [{"prefix": "/blog/", "section": "Blog"}, {"pattern": "/shop/**", "section": "Shop"}],
                 "excludedIps": ["10.9.9.0/24"], "excludedUserAgents": ["ExcludedAgent"]}
                """.formatted(id, id, id)).post("/api/v1/sites").then().statusCode(201);
        return id;
    }

    /** Every hit of a site now in crowdsurf.hits. */
    public static List<HitTracked> hits(String site) {
        return records(site).stream().map(r -> CrowdsurfEvents.data(KafkaCodec.fromRecord(r), HitTracked.class)).toList();
    }

    public static List<ConsumerRecord<String, byte[]>> records(String site) {
        return TestKafka.readAll("crowdsurf.hits").stream()
                .filter(r -> site.equals(io.crowdsurf.testsupport.KafkaProbe.header(r, "ce_subject"))).toList();
    }

    /** Polls Kafka until the site has {@code n} hits matching, or fails after 20 s. */
    public static List<HitTracked> awaitHits(String site, int n, Predicate<HitTracked> match) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<HitTracked> found;
        do {
            found = hits(site).stream().filter(match).toList();
            if (found.size() >= n) {
                return found;
            }
        } while (System.nanoTime() < deadline);
        return found;
    }
}
