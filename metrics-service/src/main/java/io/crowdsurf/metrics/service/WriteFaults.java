package io.crowdsurf.metrics.service;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * A crash switch for tests of the exactly-once rollups: armed with N, the N+1-th write step of the aggregator
 * (a bulk write of rollups or visitors, or the offset commit) fails as a process crash would, after the
 * earlier steps have reached MongoDB. Never armed in production.
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
    private final AtomicInteger crashes = new AtomicInteger();
    private final List<String> crashedBefore = new CopyOnWriteArrayList<>();

    public void arm(int stepsBeforeCrash) {
        remaining.set(stepsBeforeCrash);
    }

    public void disarm() {
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
        if (remaining.getAndDecrement() == 0) {
            crashedBefore.add(name);
            crashes.incrementAndGet();
            throw new SimulatedCrash(name);
        }
    }
}
