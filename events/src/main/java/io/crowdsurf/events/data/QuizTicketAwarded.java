package io.crowdsurf.events.data;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A fan won a ticket from a campaign's pool. {@code ticketCode} is unguessable (≥ 128 bits). */
@RegisterForReflection
public record QuizTicketAwarded(
        String campaignId,
        String poolId,
        String poolName,
        String fanId,
        Platform platform,
        String conversationId,
        String ticketCode,
        Instant awardedAt) {
}
