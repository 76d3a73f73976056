package io.crowdsurf.quiz;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The record of one scheduled draw: which entrants were eligible and who won. Stored before anyone is
 * invited, under a key derived from the draw event, so a redelivered draw event re-invites the same fans.
 */
@RegisterForReflection
public record Draw(String id, String campaignId, String drawId, int count, int eligible, List<String> winners,
        Instant drawnAt) {

    public Draw {
        winners = winners == null ? List.of() : List.copyOf(winners);
    }

    /** @param drawKey the draw event's source and id */
    public static String key(String campaignId, String drawKey) {
        return campaignId + "|" + drawKey;
    }
}
