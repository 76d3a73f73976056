package io.crowdsurf.metrics.service;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * A crash switch for tests of the exactly-once rollups: armed with N, the N+1-th write step of the aggregator
 * (a bulk write of rollups or visitors, or the offset commit) fails as a process crash would, after the
 * earlier steps have reached MongoDB; tests of the consumer's survival make it throw an {@link Error} instead.
 * Never armed in production.
 */
@ApplicationScoped
public class WriteFaults {

    /** Thrown where the process would have died. */
    public static final class SimulatedCrash extends RuntimeException {
        public SimulatedCrash(String step) {
            super("simulated crash before " + step);
        }
    }

    private final AtomicInteger remaining = new AtomicInteger(-1);
    private volatile Function<String, ? extends Throwable> failure = SimulatedCrash::new;
    private volatile boolean everyStep;
    private final AtomicInteger crashes = new AtomicInteger();
    private final List<String> crashedBefore = new CopyOnWriteArrayList<>();

    public void arm(int stepsBeforeCrash) {
        arm(stepsBeforeCrash, SimulatedCrash::new);
    }

    /** As {@link #arm(int)}, failing with what {@code failure} makes of the step's name (an Error, say). */
    public void arm(int stepsBeforeCrash, Function<String, ? extends Throwable> failure) {
        this.failure = failure;
        this.everyStep = false;
        remaining.set(stepsBeforeCrash);
    }

    /** Every step fails with what {@code failure} makes of its name, until {@link #disarm()}. */
    public void failEveryStep(Function<String, ? extends Throwable> failure) {
        this.failure = failure;
        this.everyStep = true;
        remaining.set(0);
    }

    public void disarm() {
        everyStep = false;
        remaining.set(-1);
    }

    public int crashes() {
        return crashes.get();
    }

    /** The steps the simulated crashes happened before, in order (tests check where a crash struck). */
    public List<String> crashedBefore() {
        return List.copyOf(crashedBefore);
    }

    void step(String name) {
        if (remaining.get() < 0) {
            return;
        }
        if (everyStep || remaining.getAndDecrement() == 0) {
            crashedBefore.add(name);
            crashes.incrementAndGet();
            Throwable t = failure.apply(name);
            if (t instanceof Error e) {
                throw e;
            }
            throw t instanceof RuntimeException r ? r : new IllegalStateException(t);
        }
    }
}
