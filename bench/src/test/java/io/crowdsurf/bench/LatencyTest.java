package io.crowdsurf.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyTest {

    @Test
    void percentilesOfOneToThousandMilliseconds() {
        Latency l = new Latency();
        for (int ms = 1000; ms >= 1; ms--) {
            l.recordNanos(ms * 1_000_000L);
        }
        assertThat(l.count()).isEqualTo(1000);
        // 3 significant digits: within 0.1 % of the exact order statistic
        assertThat(l.percentileMs(50)).isCloseTo(500, within(0.5));
        assertThat(l.percentileMs(95)).isCloseTo(950, within(1.0));
        assertThat(l.percentileMs(99)).isCloseTo(990, within(1.0));
        assertThat(l.maxMs()).isCloseTo(1000, within(1.0));
    }

    @Test
    void emptyHasNoPercentiles() {
        assertThat(new Latency().percentileMs(99)).isNaN();
        assertThat(new Latency().summary()).containsEntry("p99_ms", null);
    }

    @Test
    void medianOfOddAndEvenRuns() {
        assertThat(ColdStart.median(new long[] {5, 1, 3})).isEqualTo(3);
        assertThat(ColdStart.median(new long[] {4, 1, 3, 2})).isEqualTo(2);
    }
}
