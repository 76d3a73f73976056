package io.crowdsurf.events.data;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A window in which an alert's light and weather conditions hold (found), or no longer hold (cancelled).
 * The data of both {@code alert.opportunity.found} and {@code alert.opportunity.cancelled}.
 */
@RegisterForReflection
public record AlertOpportunity(
        String alertId,
        String opportunityId,
        Platform platform,
        String userId,
        String conversationId,
        double latitude,
        double longitude,
        String phase,
        Instant start,
        Instant end,
        String summary) {
}
