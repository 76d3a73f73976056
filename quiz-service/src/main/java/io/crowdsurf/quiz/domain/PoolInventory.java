package io.crowdsurf.quiz;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The live counter of one ticket pool, as read (the stored document also lists the fans holding a unit,
 * which is never loaded in bulk). {@code remaining} only changes through a conditional {@code $inc}
 * that requires {@code remaining > 0}.
 */
@RegisterForReflection
public record PoolInventory(String id, String campaignId, String poolId, String name, int capacity, int remaining) {

    public static String key(String campaignId, String poolId) {
        return campaignId + "|" + poolId;
    }

    public int issued() {
        return capacity - remaining;
    }
}
