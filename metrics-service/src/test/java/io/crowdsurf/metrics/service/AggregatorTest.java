package io.crowdsurf.metrics.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.KafkaCodec;
import io.crowdsurf.events.data.HitTracked;
import io.crowdsurf.metrics.HitScript;
import io.crowdsurf.metrics.config.ReportsConfig;
import io.crowdsurf.metrics.domain.Segment;
import io.crowdsurf.metrics.domain.Table;
import io.crowdsurf.metrics.persistence.SiteRepository;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.crowdsurf.testsupport.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The aggregator against the real broker and MongoDB-wire server: visits, rows, segments, exactly-once. */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
public class AggregatorTest {

    @Inject
    SiteRepository sites;
    @Inject
    ReportService reports;
    @Inject
    WriteFaults faults;
    @Inject
    RollupStore rollupStore;
    @Inject
    VisitorStore visitorStore;
    @Inject
    HitIds hitIds;
    @Inject
    SiteZones zones;
    @Inject
    ReportsConfig config;
    @Inject
    Aggregator aggregator;

    @AfterEach
    void disarm() {
        faults.disarm();
    }

    /**
     * Europe/Paris is UTC+1 in November: 08:00Z is 09:00 local. Visitor A: three actions in 12 minutes, then 38
     * minutes of silence, then one more page (a second, returning visit). B: one page from a Google search on a
     * smartphone (a bounce). C: an event, an outlink, a content impression and an interaction in 7 minutes.
     * A crawler's page view is left out.
     */
    public static HitScript scenario(String site) {
        String a = HitScript.visitor(1);
        String b = HitScript.visitor(2);
        String c = HitScript.visitor(3);
        return new HitScript(site)
                .pageview(a, "2026-11-10T08:00:00Z", "https://example.org/news", "News", "news")
                .pageview(a, "2026-11-10T08:10:00Z", "https://example.org/news/1", "Story 1", "news")
                .download(a, "2026-11-10T08:12:00Z", "https://example.org/file.pdf")
                .pageview(a, "2026-11-10T08:50:00Z", "https://example.org/sport", "Sport", "sport")
                .pageview(b, "2026-11-10T09:00:00Z", "https://example.org/", "search", "Google", "smartphone")
                .event(c, "2026-11-10T10:00:00Z", "video", "play", "intro", 3.5)
                .outlink(c, "2026-11-10T10:05:00Z", "https://other.example/x")
                .content(c, "2026-11-10T10:06:00Z", "banner", "img1", null)
                .content(c, "2026-11-10T10:07:00Z", "banner", "img1", "click")
                .bot(HitScript.visitor(4), "2026-11-10T10:08:00Z", "https://example.org/bot-only");
    }

    Map<String, Object> day(String site, String segment) {
        return reports.visitsSummary(reports.load(site, List.of("D2026-11-10")), Segment.parse(segment));
    }

    @Test
    void visitsFollowMatomosRules() {
        String site = HitScript.newSite(sites, "Europe/Paris");
        scenario(site).send();
        HitScript.await("8 actions", 20, () -> Long.valueOf(8).equals(day(site, null).get("nb_actions")));
        assertSummary(day(site, null));

        Map<String, Object> returning = day(site, "visitorType==returning");
        assertThat(returning).containsEntry("nb_visits", 1L).containsEntry("nb_actions", 1L)
                .containsEntry("bounce_count", 1L).containsEntry("nb_uniq_visitors", 1L);
        Map<String, Object> phone = day(site, "deviceType==smartphone;referrerType==search");
        assertThat(phone).containsEntry("nb_visits", 1L).containsEntry("bounce_rate", "100%");
        assertThat(day(site, "referrerName==Google")).containsEntry("nb_visits", 1L);
        assertThat(day(site, "deviceType==tablet")).isEmpty();

        Rollup r = reports.load(site, List.of("D2026-11-10"));
        assertThat(reports.table(r, Table.SECTION, Segment.NONE)).extracting(m -> m.get("label") + "=" + m.get("nb_hits")
                + "/" + m.get("nb_visits")).containsExactly("news=2/1", "sport=1/1");
        assertThat(reports.table(r, Table.PAGE_URL, Segment.NONE)).extracting(m -> m.get("label"))
                .containsExactlyInAnyOrder("/news", "/news/1", "/sport", "/");
        assertThat(reports.table(r, Table.DOWNLOAD, Segment.NONE)).singleElement()
                .satisfies(m -> assertThat(m).containsEntry("url", "https://example.org/file.pdf")
                        .containsEntry("nb_hits", 1L));
        assertThat(reports.table(r, Table.OUTLINK, Segment.NONE)).singleElement()
                .satisfies(m -> assertThat(m).containsEntry("label", "https://other.example/x"));
        assertThat(reports.table(r, Table.EVENT_CATEGORY, Segment.NONE)).singleElement()
                .satisfies(m -> assertThat(m).containsEntry("label", "video").containsEntry("nb_events", 1L)
                        .containsEntry("sum_event_value", 3.5));
        assertThat(reports.table(r, Table.CONTENT_NAME, Segment.NONE)).singleElement()
                .satisfies(m -> assertThat(m).containsEntry("nb_impressions", 1L).containsEntry("nb_interactions", 1L)
                        .containsEntry("interaction_rate", "100%"));
        assertThat(reports.table(r, Table.REFERRER_TYPE, Segment.NONE)).extracting(m -> m.get("label") + "="
                + m.get("nb_visits")).containsExactly("Direct Entry=3", "Search Engines=1");
        assertThat(reports.table(r, Table.PAGE_URL, Segment.parse("pageUrl=@news"))).hasSize(2);

        // The visit of 09:50 local belongs to the same month and year buckets.
        Map<String, Object> month = reports.visitsSummary(reports.load(site, List.of("M2026-11")), Segment.NONE);
        assertThat(month).containsEntry("nb_visits", 4L).containsEntry("nb_uniq_visitors", 3L);
    }

    static void assertSummary(Map<String, Object> s) {
        assertThat(s).containsEntry("nb_uniq_visitors", 3L).containsEntry("nb_visits", 4L)
                .containsEntry("nb_actions", 8L).containsEntry("bounce_count", 2L)
                .containsEntry("sum_visit_length", 720L + 420L).containsEntry("max_actions", 3L)
                .containsEntry("bounce_rate", "50%").containsEntry("nb_actions_per_visit", 2L)
                .containsEntry("avg_time_on_site", 285L);
    }

    /**
     * The failure of issue 10: the aggregator's caches were bounded by their number of documents (5,000 per
     * partition), and the day and hour documents of 100,000 hits filled the heap — the consumer thread died of
     * an OutOfMemoryError and reports answered 500. Hits over 120 days and hours, one visitor each, make far more
     * cached cells than the test budget (metrics.reports.rollup-cache-cells): the caches must stay within it and
     * the evicted documents, read again, must still add up right.
     */
    @Test
    void theCachesStayWithinTheirBudgetsAndEvictedDocumentsAddUp() {
        String site = HitScript.newSite(sites, "UTC");
        HitScript script = new HitScript(site);
        LocalDate first = LocalDate.of(2026, 1, 1);
        for (int i = 0; i < 240; i++) {
            String time = first.plusDays(i / 2).atTime(i % 24, 0) + ":00Z";
            script.pageview(HitScript.visitor(1000 + i), time, "https://example.org/p" + (i % 30), "P" + (i % 30),
                    i % 3 == 0 ? "news" : null);
        }
        script.send();
        HitScript.await("240 actions in 2026", 60, () -> Long.valueOf(240).equals(year(site).get("nb_actions")));
        long[] w = aggregator.cacheWeights();
        assertThat(w[0]).isLessThanOrEqualTo(config.rollupCacheCells());
        assertThat(w[1]).isLessThanOrEqualTo(config.visitorCacheStrings() + config.visitorCacheStrings() / 10);
        assertThat(year(site)).containsEntry("nb_visits", 240L).containsEntry("nb_uniq_visitors", 240L)
                .containsEntry("bounce_count", 240L);
        assertThat(reports.table(reports.load(site, List.of("Y2026")), Table.PAGE_URL, Segment.NONE)).hasSize(30)
                .allSatisfy(m -> assertThat(m).containsEntry("nb_hits", 8L).containsEntry("nb_visits", 8L));

        // A year's VisitsSummary.get reads the visit table only: its page URLs are not read at all.
        Rollup visitsOnly = reports.load(site, List.of("Y2026"), EnumSet.of(Table.VISIT));
        assertThat(visitsOnly.rows).containsOnlyKeys(Table.VISIT);
        assertThat(reports.visitsSummary(visitsOnly, Segment.NONE)).isEqualTo(year(site));
    }

    private Map<String, Object> year(String site) {
        return reports.visitsSummary(reports.load(site, List.of("Y2026")), Segment.NONE);
    }

    /**
     * An Error in a batch (the OutOfMemoryError of issue 10) must neither kill the consumer thread nor lose or
     * double a hit: while it lasts readiness is DOWN with the error; then a batch dies half-written, once more with
     * an Error; after that every count is exact and readiness is UP again.
     */
    @Test
    void anErrorFailsTheBatchNotTheAggregatorThread() {
        String site = HitScript.newSite(sites, "Europe/Paris");
        faults.failEveryStep(step -> new OutOfMemoryError("simulated: Java heap space before " + step));
        scenario(site).send();
        HitScript.await("readiness DOWN with the error", 30, () -> {
            var r = given().get("/q/health/ready").then().extract();
            return r.statusCode() == 503 && r.body().asString().contains("OutOfMemoryError");
        });
        assertThat(day(site, null)).isEmpty();

        int before = faults.crashes();
        faults.arm(2, step -> new OutOfMemoryError("simulated: Java heap space before " + step));
        HitScript.await("8 actions after the errors", 30,
                () -> Long.valueOf(8).equals(day(site, null).get("nb_actions")));
        assertThat(faults.crashes()).isGreaterThan(before);
        assertSummary(day(site, null));
        HitScript.await("readiness UP again", 30, () -> given().get("/q/health/ready").then().extract().statusCode() == 200);
    }

    @Test
    void aCrashInTheMiddleOfABatchNeverDoublesACount() {
        String site = HitScript.newSite(sites, "Europe/Paris");
        int before = faults.crashes();
        int stepsBefore = faults.crashedBefore().size();
        // Two bulk writes succeed (write-chunk=2 in tests), the third dies: part of the batch's rollups are in
        // MongoDB, the spilled hit ids, the visitors and the offset are not.
        faults.arm(2);
        scenario(site).send();
        HitScript.await("a crash", 20, () -> faults.crashes() > before);
        assertThat(faults.crashedBefore().get(stepsBefore)).isEqualTo("rollup write");
        faults.arm(5);
        HitScript.await("8 actions after the crashes", 30,
                () -> Long.valueOf(8).equals(day(site, null).get("nb_actions")));
        faults.disarm();
        assertSummary(day(site, null));
        assertThat(faults.crashes()).isGreaterThan(before);
    }

    @Test
    void replayingRecordsAndResendingHitsChangesNothing() throws Exception {
        String site = HitScript.newSite(sites, "Europe/Paris");
        HitScript script = scenario(site);
        script.send();
        HitScript.await("8 actions", 20, () -> Long.valueOf(8).equals(day(site, null).get("nb_actions")));

        // The same records again, as after a crash between the writes and the offset commit, by two fresh
        // instances at once (as after a rebalance), while the running one stays.
        List<ConsumerRecord<String, byte[]>> records = TestKafka.readAll("crowdsurf.hits");
        Map<Integer, List<Aggregator.Hit>> byPartition = new java.util.TreeMap<>();
        for (ConsumerRecord<String, byte[]> rec : records) {
            HitTracked h = CrowdsurfEvents.data(KafkaCodec.fromRecord(rec), HitTracked.class);
            if (site.equals(h.siteId())) {
                byPartition.computeIfAbsent(rec.partition(), p -> new ArrayList<>()).add(new Aggregator.Hit(rec.offset(), h));
            }
        }
        assertThat(byPartition).isNotEmpty();
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Aggregator fresh = new Aggregator(rollupStore, visitorStore, hitIds, zones, config, new WriteFaults());
            runs.add(CompletableFuture.runAsync(() -> byPartition.forEach((p, hits) -> applyRetrying(fresh, p, hits))));
        }
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get();
        assertSummary(day(site, null));

        // The same hits sent again (a retried request keeps its hit id) are new records but not new hits.
        HitScript.send(script.hits());
        String marker = HitScript.visitor(9);
        new HitScript(site).pageview(marker, "2026-11-10T12:00:00Z", "https://example.org/marker", "M", null).send();
        HitScript.await("the marker visit", 20, () -> Long.valueOf(5).equals(day(site, null).get("nb_visits")));
        Map<String, Object> s = day(site, null);
        assertThat(s).containsEntry("nb_actions", 9L).containsEntry("nb_uniq_visitors", 4L);
    }

    private static void applyRetrying(Aggregator a, int partition, List<Aggregator.Hit> hits) {
        for (int attempt = 0; ; attempt++) {
            try {
                a.apply(partition, hits);
                return;
            } catch (Aggregator.ConflictException e) {
                if (attempt > 20) {
                    throw e;
                }
            }
        }
    }
}
