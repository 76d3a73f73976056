package io.crowdsurf.devstack.dispatch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The adaptive in-flight limit, fed synthetic latencies: no clock, no threads, the same answer every run. */
class AimdLimitTest {

    private static final long MS = 1_000_000L;

    private static AimdLimit limit() {
        return AimdLimit.between(4, 64);
    }

    private static void feed(AimdLimit limit, int samples, long latencyNanos) {
        for (int i = 0; i < samples; i++) {
            limit.onSample(latencyNanos, false);
        }
    }

    @Test
    void startsAtTheCeilingAndStaysThereWhileDeliveriesAreAsFastAsEver() {
        AimdLimit limit = limit();
        feed(limit, 1_000, 5 * MS);
        assertThat(limit.limit()).isEqualTo(64);
        // Noise within baseline × 2 + 10 ms is not load.
        feed(limit, 1_000, 19 * MS);
        assertThat(limit.limit()).isEqualTo(64);
    }

    @Test
    void slowDeliveriesHalveTheLimitOncePerWindowDownToTheFloor() {
        AimdLimit limit = limit();
        feed(limit, 100, 5 * MS);
        assertThat(limit.congestionBoundNanos()).isEqualTo(20 * MS);

        limit.onSample(200 * MS, false);
        assertThat(limit.limit()).as("the first slow sample halves").isEqualTo(32);
        feed(limit, 31, 200 * MS);
        assertThat(limit.limit()).as("not again within the same window of 32 samples").isEqualTo(32);
        limit.onSample(200 * MS, false);
        assertThat(limit.limit()).isEqualTo(16);
        feed(limit, 1_000, 200 * MS);
        assertThat(limit.limit()).as("never below the floor, while the burst lasts").isEqualTo(4);
    }

    @Test
    void aDeliveryWithoutResponseCountsAsCongestionWhateverItsLatency() {
        AimdLimit limit = limit();
        feed(limit, 100, 5 * MS);
        limit.onSample(1 * MS, true);
        assertThat(limit.limit()).isEqualTo(32);
        assertThat(limit.congestionBoundNanos()).as("a timeout does not move the baseline").isEqualTo(20 * MS);
    }

    @Test
    void calmDeliveriesGrowTheLimitByOnePerWindowBackToTheCeiling() {
        AimdLimit limit = limit();
        feed(limit, 100, 5 * MS);
        feed(limit, 200, 500 * MS);
        assertThat(limit.limit()).isEqualTo(4);
        feed(limit, 4, 5 * MS);
        assertThat(limit.limit()).as("+1 after a window of 4 calm samples").isEqualTo(5);
        feed(limit, 5, 5 * MS);
        assertThat(limit.limit()).isEqualTo(6);
        // 6 + 7 + ... + 63 calm samples more reach the ceiling, and it stays there.
        feed(limit, (6 + 63) * 58 / 2, 5 * MS);
        assertThat(limit.limit()).isEqualTo(64);
        feed(limit, 500, 5 * MS);
        assertThat(limit.limit()).isEqualTo(64);
    }

    @Test
    void aSlowerServiceBecomesTheNewNormalInsteadOfBeingThrottledForEver() {
        AimdLimit limit = limit();
        feed(limit, 100, 5 * MS);
        // The service now takes 50 ms for everything (not load: it just is slower); the baseline follows.
        feed(limit, 20_000, 50 * MS);
        assertThat(limit.congestionBoundNanos()).isGreaterThan(50 * MS);
        feed(limit, 5_000, 50 * MS);
        assertThat(limit.limit()).isEqualTo(64);
    }

    @Test
    void minEqualToMaxIsAFixedLimit() {
        AimdLimit fixed = AimdLimit.between(8, 8);
        feed(fixed, 100, 5 * MS);
        feed(fixed, 100, 900 * MS);
        assertThat(fixed.limit()).isEqualTo(8);
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatThrownBy(() -> AimdLimit.between(0, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AimdLimit.between(8, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AimdLimit(1, 4, 1.0, 0, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AimdLimit(1, 4, 2.0, 0, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
