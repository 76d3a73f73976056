package io.crowdsurf.gateway.outbound;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void onePerSecondPerKeySpacesSendsOneSecondApart() {
        RateLimiter limiter = new RateLimiter();
        long now = 0;
        assertThat(limiter.reserve("chat-1", 1, 1, now)).isZero();
        assertThat(limiter.reserve("chat-1", 1, 1, now)).isEqualTo(SECOND);
        assertThat(limiter.reserve("chat-1", 1, 1, now)).isEqualTo(2 * SECOND);
        // Other keys are independent.
        assertThat(limiter.reserve("chat-2", 1, 1, now)).isZero();
        // After the budget refills, no wait again.
        assertThat(limiter.reserve("chat-1", 1, 1, 10 * SECOND)).isZero();
    }

    @Test
    void burstLetsThatManyThroughAtOnceThenPaces() {
        RateLimiter limiter = new RateLimiter();
        for (int i = 0; i < 30; i++) {
            assertThat(limiter.reserve("bot", 30, 30, 0)).as("send %d", i).isZero();
        }
        assertThat(limiter.reserve("bot", 30, 30, 0)).isEqualTo(SECOND / 30);
    }

    @Test
    void threeHundredPerSecondForAPage() {
        RateLimiter limiter = new RateLimiter();
        long last = 0;
        for (int i = 0; i < 600; i++) {
            last = limiter.reserve("page", 300, 1, 0);
        }
        // 600 sends at 300/s: the last one waits about two seconds minus one slot.
        assertThat(Duration.ofNanos(last)).isBetween(Duration.ofMillis(1990), Duration.ofMillis(2000));
    }

    @Test
    void backoffHonoursRetryAfterAndCapsExponentialDelay() {
        assertThat(Backoff.delay(3, Duration.ofSeconds(7), Duration.ofMillis(200), Duration.ofSeconds(5)))
                .isEqualTo(Duration.ofSeconds(7));
        for (int attempt = 1; attempt < 40; attempt++) {
            Duration d = Backoff.delay(attempt, null, Duration.ofMillis(200), Duration.ofSeconds(5));
            long ceiling = Math.min(5000, 200L << Math.min(20, attempt - 1));
            assertThat(d.toMillis()).isBetween(ceiling / 2, ceiling);
        }
    }
}
