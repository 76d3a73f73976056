package io.crowdsurf.gateway.domain;

import java.time.Duration;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    private static final Duration INITIAL = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(2);

    @Test
    void aPlatformsRetryAfterWins() {
        assertThat(Backoff.delay(3, Duration.ofSeconds(7), INITIAL, MAX)).isEqualTo(Duration.ofSeconds(7));
    }

    @RepeatedTest(20)
    void delayDoublesWithJitterBetweenHalfAndTheCeiling() {
        for (int attempt = 1; attempt <= 10; attempt++) {
            long ceiling = Math.min(MAX.toMillis(), INITIAL.toMillis() << (attempt - 1));
            assertThat(Backoff.delay(attempt, null, INITIAL, MAX).toMillis()).as("attempt " + attempt)
                    .isBetween(ceiling / 2, ceiling);
        }
    }

    @Test
    void aNegativeRetryAfterIsIgnored() {
        assertThat(Backoff.delay(1, Duration.ofSeconds(-1), INITIAL, MAX)).isLessThanOrEqualTo(INITIAL);
    }
}
