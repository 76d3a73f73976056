package io.crowdsurf.quiz;

import java.time.Instant;

import io.crowdsurf.events.data.Platform;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An issued VIP ticket. {@code code} is the document id; a unique index on (campaignId, fanId)
 * keeps every fan to one ticket per campaign.
 */
@RegisterForReflection
public record Ticket(
        String code,
        String campaignId,
        String poolId,
        String poolName,
        String fanId,
        Platform platform,
        String userId,
        String userName,
        Instant awardedAt,
        Instant checkedInAt) {
}
