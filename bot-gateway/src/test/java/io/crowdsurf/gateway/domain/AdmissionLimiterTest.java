package io.crowdsurf.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AdmissionLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstIsAdmittedThenTheRateAndARefusalSaysHowLongToWait() {
        AdmissionLimiter limiter = new AdmissionLimiter(2, 5, 100);
        long now = 10 * SECOND;
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire("s", now)).as("burst message %d", i).isZero();
        }
        long wait = limiter.tryAcquire("s", now);
        assertThat(wait).isEqualTo(SECOND / 2);
        // A refusal takes no token: waiting exactly as told admits one, and only one.
        assertThat(limiter.tryAcquire("s", now + wait)).isZero();
        assertThat(limiter.tryAcquire("s", now + wait)).isPositive();
    }

    @Test
    void keysAreIndependent() {
        AdmissionLimiter limiter = new AdmissionLimiter(1, 1, 100);
        assertThat(limiter.tryAcquire("a", 0)).isZero();
        assertThat(limiter.tryAcquire("a", 0)).isPositive();
        assertThat(limiter.tryAcquire("b", 0)).isZero();
    }

    @Test
    void idleTimeRefillsUpToTheBurstOnly() {
        AdmissionLimiter limiter = new AdmissionLimiter(10, 3, 100);
        long now = 0;
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("s", now)).isZero();
        }
        now += 3600 * SECOND;
        int admitted = 0;
        while (limiter.tryAcquire("s", now) == 0) {
            admitted++;
        }
        assertThat(admitted).isEqualTo(3);
    }

    @Test
    void theMapIsBoundedAndFullBucketsMakeRoom() {
        AdmissionLimiter limiter = new AdmissionLimiter(1, 1, 3);
        long now = 0;
        for (String k : new String[] {"a", "b", "c"}) {
            assertThat(limiter.tryAcquire(k, now)).isZero();
        }
        // Full map, every bucket empty: a new key is refused instead of growing the map or evicting live state.
        assertThat(limiter.tryAcquire("d", now)).isPositive();
        assertThat(limiter.trackedKeys()).isEqualTo(3);
        assertThat(limiter.tryAcquire("a", now)).as("a is still limited").isPositive();
        // Once the buckets have refilled they carry nothing and are dropped for the new key.
        now += 2 * SECOND;
        assertThat(limiter.tryAcquire("d", now)).isZero();
        assertThat(limiter.trackedKeys()).isLessThanOrEqualTo(3);
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatThrownBy(() -> new AdmissionLimiter(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AdmissionLimiter(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AdmissionLimiter(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
