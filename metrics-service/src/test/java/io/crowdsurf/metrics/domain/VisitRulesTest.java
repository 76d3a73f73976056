package io.crowdsurf.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.crowdsurf.events.data.HitKind;
import io.crowdsurf.events.data.HitTracked;

class VisitRulesTest {

    private final VisitRules rules = new VisitRules(Duration.ofMinutes(30), 64, 64);
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    static HitTracked hit(String time, HitKind kind, boolean newVisit) {
        return new HitTracked("h-" + time, "site", Instant.parse(time), "v1", null, kind, "https://e.org/p", "P", null,
                null, null, "direct", null, null, null, null, null, null, null, null, null, "desktop", "Firefox", null,
                false, null, null, newVisit, null, null);
    }

    static long sum(List<Delta> deltas, String bucket, Table table, String metric) {
        return deltas.stream().filter(d -> d.bucket().equals(bucket) && d.table() == table && d.metric().equals(metric))
                .mapToLong(d -> d.amount().longValue()).sum();
    }

    @Test
    void thirtyMinutesOfSilenceEndAVisit() {
        VisitRules.Outcome first = rules.apply(null, hit("2026-11-10T08:00:00Z", HitKind.PAGEVIEW, false), PARIS);
        VisitRules.Outcome within = rules.apply(first.state(), hit("2026-11-10T08:30:00Z", HitKind.PAGEVIEW, false), PARIS);
        VisitRules.Outcome after = rules.apply(within.state(), hit("2026-11-10T09:00:00.001Z", HitKind.PAGEVIEW, false),
                PARIS);
        assertThat(sum(first.deltas(), "D2026-11-10", Table.VISIT, "v")).isEqualTo(1);
        assertThat(sum(within.deltas(), "D2026-11-10", Table.VISIT, "v")).isZero();
        assertThat(sum(within.deltas(), "D2026-11-10", Table.VISIT, "b")).isEqualTo(-1);
        assertThat(sum(within.deltas(), "D2026-11-10", Table.VISIT, "l")).isEqualTo(1800);
        assertThat(sum(after.deltas(), "D2026-11-10", Table.VISIT, "v")).isEqualTo(1);
        assertThat(Combo.ofKey(after.state().combo()).visitorType()).isEqualTo("returning");
        assertThat(after.state().visits()).isEqualTo(2);
    }

    @Test
    void newVisitParameterForcesAVisitAndImpressionsAreNoActions() {
        VisitRules.Outcome first = rules.apply(null, hit("2026-11-10T08:00:00Z", HitKind.CONTENT_IMPRESSION, false),
                PARIS);
        assertThat(sum(first.deltas(), "D2026-11-10", Table.VISIT, "a")).isZero();
        VisitRules.Outcome forced = rules.apply(first.state(), hit("2026-11-10T08:01:00Z", HitKind.PAGEVIEW, true), PARIS);
        assertThat(sum(forced.deltas(), "D2026-11-10", Table.VISIT, "v")).isEqualTo(1);
    }

    @Test
    void bucketsAreInTheSitesTimeZone() {
        // 23:30 UTC on 31 December is already 1 January in Paris: next day, month and year.
        assertThat(VisitRules.buckets(Instant.parse("2026-12-31T23:30:00Z"), PARIS))
                .containsExactly("H2027-01-01T00", "D2027-01-01", "W2026-12-28", "M2027-01", "Y2027");
        assertThat(VisitRules.buckets(Instant.parse("2026-12-31T23:30:00Z"), ZoneId.of("America/New_York")))
                .containsExactly("H2026-12-31T18", "D2026-12-31", "W2026-12-28", "M2026-12", "Y2026");
    }

    @Test
    void aVisitorCountsOncePerDayAsAUniqueVisitor() {
        VisitRules.Outcome a = rules.apply(null, hit("2026-11-10T08:00:00Z", HitKind.PAGEVIEW, false), PARIS);
        VisitRules.Outcome b = rules.apply(a.state(), hit("2026-11-10T12:00:00Z", HitKind.PAGEVIEW, false), PARIS);
        VisitRules.Outcome c = rules.apply(b.state(), hit("2026-11-11T12:00:00Z", HitKind.PAGEVIEW, false), PARIS);
        assertThat(sum(a.deltas(), "D2026-11-10", null, "uv")).isEqualTo(1);
        assertThat(sum(b.deltas(), "D2026-11-10", null, "uv")).isZero();
        assertThat(sum(c.deltas(), "D2026-11-11", null, "uv")).isEqualTo(1);
        assertThat(sum(c.deltas(), "M2026-11", null, "uv")).isZero();
    }

    @Test
    void keysSurviveMongoFieldNameRules() {
        for (String v : new String[] {"https://e.org/a.b?x=$1", "100%~", "", "plain"}) {
            String k = Keys.encode(v);
            assertThat(k).doesNotContain(".").doesNotStartWith("$");
            assertThat(Keys.decode(k)).isEqualTo(v);
        }
        assertThat(Keys.decode(Keys.encode(null))).isNull();
    }
}
