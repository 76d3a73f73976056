package io.crowdsurf.metrics.rest;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.crowdsurf.testsupport.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import static io.crowdsurf.metrics.MetricsTestSupport.admin;
import static io.crowdsurf.metrics.MetricsTestSupport.hits;
import static io.crowdsurf.metrics.MetricsTestSupport.newSite;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Kafka goes away: every ingest door answers 503 (never a 2xx for a hit that is not in Kafka), and the tracker's
 * retry after Kafka is back lands. Stops the JVM-wide broker, so it lives in its own class and always restarts it.
 *
 * <p>The restarted broker is a fresh one (no state), and it hands out producer ids from the start again, so a
 * producer that outlived the restart can share its id with one created after it and have its batches refused
 * (out-of-order sequence, then an epoch bump). A real broker keeps that state across a restart. So the class runs
 * in an application of its own ({@link Isolated}): the classes after it get a new application whose producers all
 * start on the new broker.
 */
@QuarkusTest
@TestProfile(KafkaOutageTest.Isolated.class)
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
class KafkaOutageTest {

    /** No configuration of its own: a profile only to give this class its own application. */
    public static class Isolated implements QuarkusTestProfile {
    }

    @AfterAll
    static void kafkaIsBack() {
        TestKafka.start();
    }

    @Test
    void everyDoorIs503WhileKafkaIsDownAndTheRetryLands() {
        String site = newSite();
        // Warm the site cache: the outage is Kafka's alone.
        String single = "/matomo.php?idsite=" + site + "&rec=1&_id=9999999999999999&r=outage1";
        String bulk = "{\"requests\": [\"?idsite=" + site + "&rec=1&_id=9999999999999999&r=outage2\"]}";
        String track = "{\"site\": \"" + site + "\", \"hits\": [{\"visitorId\": \"9999999999999999\", \"id\": \"outage3\"}]}";
        String csv = "time,visitorId\n2025-01-01 00:00:00,9999999999999999\n";
        try {
            TestKafka.stop();
            given().urlEncodingEnabled(false).get(single).then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", notNullValue());
            given().contentType("application/json").body(bulk).post("/matomo.php").then().statusCode(503);
            given().contentType("application/json").body(track).post("/api/v1/track").then().statusCode(503);
            given().urlEncodingEnabled(false).get("/t.gif?idsite=" + site + "&r=outage4").then().statusCode(503);
            admin().contentType("text/csv; charset=UTF-8").body(csv).post("/api/v1/sites/" + site + "/import").then().statusCode(503)
                    .body("extra.writtenRows", equalTo(0));
        } finally {
            TestKafka.start();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int status;
        do {
            status = given().urlEncodingEnabled(false).get(single).statusCode();
            assertThat(status).as("never anything but 503 or 200").isIn(200, 503);
        } while (status != 200 && System.nanoTime() < deadline);
        assertThat(status).isEqualTo(200);
        given().contentType("application/json").body(bulk).post("/matomo.php").then().statusCode(200);
        given().contentType("application/json").body(track).post("/api/v1/track").then().statusCode(200);
        admin().contentType("text/csv; charset=UTF-8").body(csv).post("/api/v1/sites/" + site + "/import").then().statusCode(200);
        // The broker restarted empty: what is there now is exactly what the 200s acknowledged.
        assertThat(hits(site)).hasSize(4);
    }
}
