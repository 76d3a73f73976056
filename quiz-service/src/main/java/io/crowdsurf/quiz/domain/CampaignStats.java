package io.crowdsurf.quiz;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Campaign results.
 *
 * @param entrants     fans who messaged the campaign
 * @param waiting      scheduled mode: entrants not drawn yet
 * @param selected     picked (instantly or by a draw)
 * @param answered     answered at least one question
 * @param won          answered enough questions right
 * @param ticketsIssued tickets written (each fan at most one)
 */
@RegisterForReflection
public record CampaignStats(
        String campaignId,
        long entrants,
        long waiting,
        long selected,
        long notSelected,
        long answered,
        long won,
        long lost,
        long soldOut,
        long ticketsIssued,
        long checkedIn,
        List<Pool> pools) {

    /** One pool's counters. {@code remaining} is the live counter, never below zero. */
    @RegisterForReflection
    public record Pool(String id, String name, int capacity, int remaining, long issued, long checkedIn) {
    }
}
