package io.crowdsurf.quiz;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A ticket pool as configured: one per event (Amsterdam, New York), with a fixed capacity. */
@RegisterForReflection
public record PoolSpec(String id, String name, int capacity) {
}
