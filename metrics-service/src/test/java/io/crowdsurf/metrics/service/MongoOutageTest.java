package io.crowdsurf.metrics.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.crowdsurf.metrics.HitScript;
import io.crowdsurf.metrics.domain.Segment;
import io.crowdsurf.metrics.persistence.SiteRepository;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.crowdsurf.testsupport.FreePorts;
import io.crowdsurf.testsupport.TcpProxy;
import io.crowdsurf.testsupport.TestMongo;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * MongoDB away while hits arrive: readiness goes DOWN, the aggregator stops committing and retries, and once
 * MongoDB is back every hit is counted exactly once. The service reaches MongoDB through a TCP proxy that the
 * test cuts (the in-memory server itself would lose its data if stopped).
 */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
@TestProfile(MongoOutageTest.Proxied.class)
class MongoOutageTest {

    /** JVM-wide, since the profile and the test instance live in different class loaders. */
    private static final String PORT = "mreports.outage.proxy-port";
    private static TcpProxy proxy;

    public static class Proxied implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            synchronized (System.class) {
                if (System.getProperty(PORT) == null) {
                    System.setProperty(PORT, String.valueOf(FreePorts.next()));
                }
            }
            Map<String, String> m = new HashMap<>();
            m.put("quarkus.mongodb.connection-string", "mongodb://localhost:" + System.getProperty(PORT));
            m.put("quarkus.mongodb.server-selection-timeout", "1s");
            m.put("quarkus.mongodb.read-timeout", "2s");
            m.put("quarkus.mongodb.connect-timeout", "1s");
            // A separate group: this application must get every partition, not share them with another test's.
            m.put("metrics.reports.group-id", "metrics-aggregator-outage");
            return m;
        }
    }

    @Inject
    SiteRepository sites;
    @Inject
    ReportService reports;

    static synchronized TcpProxy proxy() {
        if (proxy == null) {
            proxy = new TcpProxy("localhost", URI.create(TestMongo.connectionString()).getPort(),
                    Integer.parseInt(System.getProperty(PORT)));
        }
        return proxy;
    }

    @Test
    void nothingIsLostAndNothingDoubledWhileMongoIsAway() {
        TcpProxy proxy = proxy();
        String site = HitScript.newSite(sites, "Europe/Paris");
        HitScript before = new HitScript(site);
        for (int i = 0; i < 20; i++) {
            before.pageview(HitScript.visitor(100 + i), "2026-11-10T08:00:00Z", "https://example.org/a", "A", "news");
        }
        before.send();
        HitScript.await("20 visits", 30, () -> visits(site) == 20);
        given().get("/q/health/ready").then().statusCode(200);

        proxy.cut();
        HitScript during = new HitScript(site);
        for (int i = 0; i < 30; i++) {
            // Second page of the first 20 visitors (same visits), and 10 new visitors.
            during.pageview(HitScript.visitor(100 + i), "2026-11-10T08:05:00Z", "https://example.org/b", "B", "news");
        }
        during.send();
        HitScript.await("readiness DOWN", 30, () -> given().get("/q/health/ready").then().extract().statusCode() == 503);
        proxy.restore();

        HitScript.await("readiness UP again", 60, () -> given().get("/q/health/ready").then().extract().statusCode() == 200);
        HitScript.await("30 visits", 60, () -> visits(site) == 30);
        Map<String, Object> s = reports.visitsSummary(reports.load(site, List.of("D2026-11-10")), Segment.NONE);
        assertThat(s).containsEntry("nb_visits", 30L).containsEntry("nb_actions", 50L)
                .containsEntry("bounce_count", 10L).containsEntry("nb_uniq_visitors", 30L)
                .containsEntry("sum_visit_length", 20L * 300);
    }

    long visits(String site) {
        try {
            Object v = reports.visitsSummary(reports.load(site, List.of("D2026-11-10")), Segment.NONE).get("nb_visits");
            return v instanceof Number n ? n.longValue() : 0;
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
