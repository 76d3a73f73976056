package io.crowdsurf.drills.harness;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.fail;

/** Waiting by polling with a deadline: drills never sleep a fixed time for something to happen. */
public final class Poll {

    private static final long STEP_MS = 50;

    private Poll() {
    }

    /** Waits until {@code condition} holds; fails with {@code what} after {@code timeout}. */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout.toMillis() + " ms waiting until " + what);
            }
            sleep(STEP_MS);
        }
    }

    /**
     * Polls {@code value} until {@code ok} accepts it and returns it; fails with the last value seen.
     */
    public static <T> T until(Duration timeout, String what, Supplier<T> value, Predicate<? super T> ok) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = value.get();
        while (!ok.test(last)) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout.toMillis() + " ms waiting until " + what + "; last value: " + last);
            }
            sleep(STEP_MS);
            last = value.get();
        }
        return last;
    }

    /**
     * Waits until {@code value} has stopped changing for {@code quiet} (nothing more is coming), at most
     * {@code timeout}; returns the settled value. Used after the expected count is reached, to catch
     * duplicates that would arrive late.
     */
    public static <T> T settled(Duration quiet, Duration timeout, Supplier<T> value) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = value.get();
        long stableSince = System.nanoTime();
        while (System.nanoTime() - stableSince < quiet.toNanos() && System.nanoTime() < deadline) {
            sleep(STEP_MS);
            T now = value.get();
            if (!now.equals(last)) {
                last = now;
                stableSince = System.nanoTime();
            }
        }
        return last;
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
