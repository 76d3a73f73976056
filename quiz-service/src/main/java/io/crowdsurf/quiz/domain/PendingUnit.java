package io.crowdsurf.quiz.domain;

import java.time.Instant;

/**
 * A unit taken from a pool's counter and not yet settled: the pool document lists it until the fan's hold
 * records the same token (then it is settled) or the unit goes back to the counter (given back). Crashes leave
 * such entries behind; the sweeper settles or gives them back once they are older than a claim can take.
 *
 * @param token   one per decrement: tells this unit from any other the same fan's claims may have taken
 * @param release the unit is on its way back (its hold is being dropped): finish by giving it back
 */
public record PendingUnit(String campaignId, String poolId, String fanId, String token, Instant at, boolean release) {
}
