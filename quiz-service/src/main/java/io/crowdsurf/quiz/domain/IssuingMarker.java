package io.crowdsurf.quiz.domain;

import java.time.Instant;

/**
 * A fan in ISSUING, listed in a collection of its own so the sweeper finds fans whose claim was interrupted
 * (a crash, and the event never redelivered) without scanning all fans: it holds only the fans mid-claim.
 *
 * @param key     the fan's document key ({@link Fan#keyOf})
 * @param token   the event key of the claim ({@link Fan#pendingEventKey()}): a marker only belongs to that claim
 * @param version the fan version whose write entered ISSUING; a fan at or past it and not on this claim has left
 */
public record IssuingMarker(String key, String campaignId, String conversationId, String token, long version,
        Instant since) {
}
