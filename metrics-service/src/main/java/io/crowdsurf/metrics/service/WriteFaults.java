package io.crowdsurf.metrics.service;

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

    public void arm(int stepsBeforeCrash) {
        remaining.set(stepsBeforeCrash);
    }

    public void disarm() {
        remaining.set(-1);
    }

    public int crashes() {
        return crashes.get();
    }

    void step(String name) {
        if (remaining.get() < 0) {
            return;
        }
        if (remaining.getAndDecrement() == 0) {
            crashes.incrementAndGet();
            throw new SimulatedCrash(name);
        }
    }
}
