package io.crowdsurf.events.data;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Door staff admitted a ticket. Emitted once per ticket (the CloudEvent id is derived from the ticket code, so a
 * re-published check-in is the same event); consumers count it by {@code ticketCode}.
 */
@RegisterForReflection
public record QuizTicketCheckedIn(
        String campaignId,
        String poolId,
        String poolName,
        String ticketCode,
        Instant checkedInAt) {
}
