package io.crowdsurf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class WidgetBenchTest {

    static final long S = 1_000_000_000L;

    /**
     * The read bound counts artists asked before the phase while the service may still refresh them (issue 11: a
     * run read 612 > 605 because artists asked only in the phase before were refreshed once more, legitimately).
     */
    @Test
    void artistsAskedWithinTheWindowBeforeAPhaseCountTowardsItsBound() {
        WidgetBench.Asks asks = new WidgetBench.Asks(5, 60);
        asks.mark(new int[] {0, 1}, 100 * S);
        asks.mark(new int[] {2}, 150 * S);
        assertThat(asks.since(159 * S)).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(asks.since(160 * S)).containsExactlyInAnyOrder(2);
        assertThat(asks.since(210 * S)).isEmpty();
        asks.markAll(300 * S);
        assertThat(asks.since(301 * S)).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    }

    @Test
    void openLoopOutcomesAreGroupedBySecondOfIntendedSendTimeWithTheReadsSampledMeanwhile() {
        List<Driver.Outcome> outcomes = List.of(new Driver.Outcome(200, 10 * S, 10 * S + 1_000_000, null),
                new Driver.Outcome(200, 10 * S + S / 2, 10 * S + S / 2 + 30_000_000, null),
                new Driver.Outcome(200, 11 * S + 1, 11 * S + 2_000_000, null));
        List<long[]> samples = List.of(new long[] {10 * S, 100}, new long[] {10 * S + S / 2, 140},
                new long[] {11 * S + S / 2, 145});
        List<WidgetBench.Second> secs = WidgetBench.perSecond(outcomes, samples);
        assertThat(secs).hasSize(2);
        assertThat(secs.get(0).requests).isEqualTo(2);
        assertThat(secs.get(0).slow).isEqualTo(1);
        assertThat(secs.get(0).reads).isEqualTo(40);
        assertThat(secs.get(1).requests).isEqualTo(1);
        assertThat(secs.get(1).reads).isEqualTo(5);
    }
}
